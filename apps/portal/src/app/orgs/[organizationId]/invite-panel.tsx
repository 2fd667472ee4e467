"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Link2 } from "lucide-react";
import { createContext, useContext, useState } from "react";
import type { z } from "zod";
import type { invitationOutput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { CopyButton } from "@lotse/ui/copy-button";
import { DataTable } from "@lotse/ui/data-table";
import { ConfirmButton } from "@lotse/ui/dialog";
import { FieldError } from "@lotse/ui/field";
import { Code } from "@lotse/ui/layout";
import { UtcTime } from "~/components/utc-time";
import { useTRPC } from "~/trpc/react";

type Invitation = z.infer<typeof invitationOutput>;

/** What the Revoke cells need besides their row. */
const RevokeContext = createContext<((invitationId: string) => Promise<void>) | null>(null);

function RevokeInvitation({ invitation }: { invitation: Invitation }) {
  const revoke = useContext(RevokeContext);
  return (
    <ConfirmButton
      size="sm"
      title="Revoke this invitation link?"
      description="Whoever holds the link can no longer join with it. Members who already joined stay."
      confirmLabel="Revoke link"
      onConfirm={() => revoke?.(invitation.id)}
    >
      {/* Links have no name: creator and expiry tell a screen reader's rows apart. */}
      Revoke
      <span className="sr-only">
        : link by {invitation.createdByEmail}, expires <UtcTime date={invitation.expiresAt} /> UTC
      </span>
    </ConfirmButton>
  );
}

// Module-level on purpose: TanStack renders a cell function as a component, so a new
// function per render would remount the cells and close an open confirmation dialog.
const column = createColumnHelper<Invitation>();

const columns = [
  column.accessor("createdByEmail", { header: "Created by" }),
  column.accessor("createdAt", {
    header: "Created (UTC)",
    meta: { className: "hidden sm:table-cell whitespace-nowrap tabular-nums" },
    cell: (info) => <UtcTime date={info.getValue()} />,
  }),
  column.accessor("expiresAt", {
    header: "Expires (UTC)",
    meta: { className: "whitespace-nowrap tabular-nums" },
    cell: (info) => <UtcTime date={info.getValue()} />,
  }),
  column.display({
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    // `relative` keeps the sr-only (absolute) label inside the scrolling table on phones.
    meta: { className: "relative text-right" },
    cell: (info) => <RevokeInvitation invitation={info.row.original} />,
  }),
];

export function InvitePanel({
  organizationId,
  initialInvitations,
}: {
  organizationId: string;
  /** Rendered by the server with the page, so the list shows without a loading state. */
  initialInvitations: Invitation[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(
    trpc.organization.invitations.queryOptions(
      { organizationId },
      { initialData: initialInvitations },
    ),
  );
  const invalidate = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.organization.invitations.queryKey({ organizationId }),
    });
  const create = useMutation(
    trpc.organization.createInvitation.mutationOptions({ onSuccess: invalidate }),
  );
  const revoke = useMutation(
    trpc.organization.revokeInvitation.mutationOptions({ onSuccess: invalidate }),
  );
  const [link, setLink] = useState<string | null>(null);
  const revokeInvitation = async (invitationId: string) => {
    // The error shows in the panel; the dialog closes either way.
    await revoke.mutateAsync({ organizationId, invitationId }).catch(() => {});
  };

  return (
    <RevokeContext value={revokeInvitation}>
      <Card aria-labelledby="invite-title">
        <CardHeader>
          <div>
            <CardTitle id="invite-title">Invite members</CardTitle>
            <CardDescription>
              An invitation link works once, for 7 days, for anyone signed in who opens it. Send it
              through a channel you trust.
            </CardDescription>
          </div>
          <Button
            loading={create.isPending}
            onClick={async () => {
              const result = await create
                .mutateAsync({ organizationId, expiresInDays: 7 })
                .catch(() => null);
              if (result) setLink(`${window.location.origin}/invite/${result.token}`);
            }}
          >
            <Link2 aria-hidden />
            Create invitation link
          </Button>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-4">
          <FieldError message={create.error?.message ?? revoke.error?.message} />
          {link && (
            <Alert tone="success" title="Copy the link now; it is not shown again.">
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <Code className="min-w-0 flex-1 py-1" data-testid="invitation-link">
                  {link}
                </Code>
                <CopyButton value={link} label="Copy link" />
              </div>
            </Alert>
          )}
          <DataTable
            caption="Pending invitation links"
            columns={columns}
            data={invitations.data}
            getRowId={(invitation) => invitation.id}
            empty="No pending invitation links."
          />
        </CardContent>
      </Card>
    </RevokeContext>
  );
}
