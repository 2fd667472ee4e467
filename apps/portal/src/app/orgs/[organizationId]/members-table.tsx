"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { createContext, useContext, useState } from "react";
import type { z } from "zod";
import type { memberOutput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Badge } from "@lotse/ui/badge";
import { Button } from "@lotse/ui/button";
import { DataTable } from "@lotse/ui/data-table";
import { ConfirmButton } from "@lotse/ui/dialog";
import { UtcTime } from "~/components/utc-time";
import { useTRPC } from "~/trpc/react";

type Member = z.infer<typeof memberOutput>;

/** What the cells need besides their row; the column definitions themselves stay constant. */
interface MembersContextValue {
  organizationName: string;
  currentUserId: string;
  /** The member whose role is being changed right now. */
  pendingUserId: string | null;
  setRole: (member: Member, role: Member["role"]) => Promise<void>;
  remove: (member: Member) => Promise<void>;
}

const MembersContext = createContext<MembersContextValue | null>(null);

function useMembers(): MembersContextValue {
  const value = useContext(MembersContext);
  if (!value) throw new Error("Members cells render inside MembersTable");
  return value;
}

function MemberName({ member }: { member: Member }) {
  const { currentUserId } = useMembers();
  return (
    <div className="grid min-w-0">
      <span className="font-medium">
        {member.name ?? member.email}
        {member.userId === currentUserId && (
          <span className="font-normal text-muted-foreground"> (you)</span>
        )}
      </span>
      {member.name && <span className="text-muted-foreground">{member.email}</span>}
    </div>
  );
}

function MemberActions({ member }: { member: Member }) {
  const { organizationName, currentUserId, pendingUserId, setRole, remove } = useMembers();
  const label = member.name ?? member.email;
  const self = member.userId === currentUserId;
  const pending = pendingUserId === member.userId;
  return (
    <div className="flex justify-end gap-2">
      {member.role === "MEMBER" ? (
        <Button
          variant="secondary"
          size="sm"
          loading={pending}
          onClick={() => setRole(member, "OWNER")}
        >
          Make owner<span className="sr-only">: {label}</span>
        </Button>
      ) : self ? (
        <ConfirmButton
          variant="secondary"
          size="sm"
          confirmVariant="primary"
          title="Give up your owner role?"
          description="You stay a member, but can no longer manage members or invitations. Another owner can make you an owner again."
          confirmLabel="Make me a member"
          onConfirm={() => setRole(member, "MEMBER")}
        >
          Make member
        </ConfirmButton>
      ) : (
        <Button
          variant="secondary"
          size="sm"
          loading={pending}
          onClick={() => setRole(member, "MEMBER")}
        >
          Make member<span className="sr-only">: {label}</span>
        </Button>
      )}
      {!self && (
        <ConfirmButton
          size="sm"
          title={`Remove ${label} from ${organizationName}?`}
          description="They lose access to the organization and its applications at once. The applications stay with the organization. An owner can invite them again."
          confirmLabel="Remove member"
          onConfirm={() => remove(member)}
        >
          Remove<span className="sr-only">: {label}</span>
        </ConfirmButton>
      )}
    </div>
  );
}

// Module-level on purpose: TanStack renders a cell function as a component, so a new
// function per render would remount the cells and close an open confirmation dialog.
const column = createColumnHelper<Member>();

const memberColumns = [
  column.accessor("email", {
    header: "Member",
    enableSorting: true,
    cell: (info) => <MemberName member={info.row.original} />,
  }),
  column.accessor("role", {
    header: "Role",
    enableSorting: true,
    cell: (info) =>
      info.getValue() === "OWNER" ? (
        <Badge tone="info" data-testid="member-role">
          Owner
        </Badge>
      ) : (
        <Badge data-testid="member-role">Member</Badge>
      ),
  }),
  column.accessor("joinedAt", {
    header: "Joined (UTC)",
    enableSorting: true,
    meta: { className: "hidden sm:table-cell whitespace-nowrap tabular-nums" },
    cell: (info) => <UtcTime date={info.getValue()} dateOnly />,
  }),
];

const ownerColumns = [
  ...memberColumns,
  column.display({
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    // `relative` keeps the sr-only (absolute) labels inside the scrolling table on phones.
    meta: { className: "relative text-right" },
    cell: (info) => <MemberActions member={info.row.original} />,
  }),
];

/**
 * The organization's members. Owners also see the actions: make owner / make member and
 * remove. The server decides (last owner, permissions); a refusal shows above the table.
 */
export function MembersTable({
  organizationId,
  organizationName,
  currentUserId,
  isOwner,
  initialMembers,
}: {
  organizationId: string;
  organizationName: string;
  currentUserId: string;
  isOwner: boolean;
  initialMembers: Member[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const members = useQuery(
    trpc.organization.members.queryOptions({ organizationId }, { initialData: initialMembers }),
  );
  const changeRole = useMutation(trpc.organization.changeMemberRole.mutationOptions());
  const removeMember = useMutation(trpc.organization.removeMember.mutationOptions());

  /** Runs one change, then reloads the list (and the page, whose owner controls may change). */
  async function apply(change: () => Promise<void>) {
    setError(null);
    try {
      await change();
    } catch (caught) {
      setError((caught as Error).message);
      return;
    }
    await queryClient.invalidateQueries({
      queryKey: trpc.organization.members.queryKey({ organizationId }),
    });
    router.refresh();
  }

  const context: MembersContextValue = {
    organizationName,
    currentUserId,
    pendingUserId: changeRole.isPending ? changeRole.variables.userId : null,
    setRole: (member, role) =>
      apply(() => changeRole.mutateAsync({ organizationId, userId: member.userId, role })),
    remove: (member) =>
      apply(() => removeMember.mutateAsync({ organizationId, userId: member.userId })),
  };

  return (
    <MembersContext value={context}>
      <div className="grid grid-cols-1 gap-3">
        {error && (
          <Alert tone="danger" data-testid="members-error">
            {error}
          </Alert>
        )}
        <div data-testid="members-table">
          <DataTable
            caption={`Members of ${organizationName}`}
            columns={isOwner ? ownerColumns : memberColumns}
            data={members.data}
            getRowId={(member) => member.userId}
            rowTestId={(member) => `member-${member.email}`}
            initialSorting={[{ id: "role", desc: true }]}
          />
        </div>
      </div>
    </MembersContext>
  );
}
