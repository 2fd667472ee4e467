"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Users } from "lucide-react";
import { useMemo } from "react";
import type { AdminUserOutput } from "@lotse/api/schemas";
import { Badge } from "@lotse/ui/badge";
import { Button } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { DataTable } from "@lotse/ui/data-table";
import { ConfirmButton } from "@lotse/ui/dialog";
import { FieldError } from "@lotse/ui/field";
import { EmptyState } from "@lotse/ui/layout";
import { utcTime } from "~/components/utc-time";
import { useTRPC } from "~/trpc/react";

/** The failure shows in the row; the confirm dialog closes either way (its caller shows why). */
const settle = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    () => undefined,
  );

/** Role and access of one user; each row has its own pending state and error. */
function UserActions({ user }: { user: AdminUserOutput }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() });
  const setDisabled = useMutation(
    trpc.admin.setUserDisabled.mutationOptions({ onSettled: invalidate }),
  );
  const setRole = useMutation(trpc.admin.setUserRole.mutationOptions({ onSettled: invalidate }));
  const unlock = useMutation(trpc.admin.unlockUser.mutationOptions({ onSettled: invalidate }));
  const busy = setDisabled.isPending || setRole.isPending || unlock.isPending;
  const error = setDisabled.error ?? setRole.error ?? unlock.error;
  const admin = user.role === "ADMIN";
  // Every row has the same buttons: an sr-only suffix names the user, so a screen reader's
  // list of buttons says whom "Disable" disables.

  return (
    <div className="grid justify-items-end gap-1">
      <div className="flex justify-end gap-2">
        {user.lockedUntil && (
          // Failed sign-ins locked the account; the lock would end on its own at lockedUntil.
          <Button
            size="sm"
            variant="secondary"
            disabled={busy && !unlock.isPending}
            loading={unlock.isPending}
            onClick={() => unlock.mutate({ userId: user.id })}
          >
            Unlock<span className="sr-only">: {user.email}</span>
          </Button>
        )}
        {admin ? (
          <ConfirmButton
            size="sm"
            variant="secondary"
            disabled={busy}
            title={`Remove ${user.email}'s admin rights?`}
            description="They become a developer: they keep their organizations but lose the admin console and the audit events of other organizations on their next request."
            confirmLabel="Make developer"
            onConfirm={() => settle(setRole.mutateAsync({ userId: user.id, role: "DEVELOPER" }))}
          >
            Make developer<span className="sr-only">: {user.email}</span>
          </ConfirmButton>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            disabled={busy && !setRole.isPending}
            loading={setRole.isPending}
            onClick={() => setRole.mutate({ userId: user.id, role: "ADMIN" })}
          >
            Make admin<span className="sr-only">: {user.email}</span>
          </Button>
        )}
        {user.disabled ? (
          <Button
            size="sm"
            variant="secondary"
            disabled={busy && !setDisabled.isPending}
            loading={setDisabled.isPending}
            onClick={() => setDisabled.mutate({ userId: user.id, disabled: false })}
          >
            Enable<span className="sr-only">: {user.email}</span>
          </Button>
        ) : (
          <ConfirmButton
            size="sm"
            disabled={busy}
            title={`Disable ${user.email}?`}
            description="They are signed out at once and cannot sign in until an admin enables them again. Their organizations and applications stay as they are."
            confirmLabel="Disable user"
            onConfirm={() => settle(setDisabled.mutateAsync({ userId: user.id, disabled: true }))}
          >
            Disable<span className="sr-only">: {user.email}</span>
          </ConfirmButton>
        )}
      </div>
      <FieldError message={error?.message} className="text-right" />
    </div>
  );
}

const column = createColumnHelper<AdminUserOutput>();

function columnsFor(selfId: string) {
  return [
    column.accessor("email", {
      header: "Email",
      enableSorting: true,
      cell: (info) => (
        <span className="inline-flex flex-wrap items-center gap-2">
          <span className="min-w-40 [overflow-wrap:anywhere]">{info.getValue()}</span>
          {info.row.original.id === selfId && <Badge tone="info">you</Badge>}
        </span>
      ),
    }),
    column.accessor("role", {
      header: "Role",
      enableSorting: true,
      cell: (info) =>
        info.getValue() === "ADMIN" ? (
          <Badge tone="warning">admin</Badge>
        ) : (
          <Badge>developer</Badge>
        ),
    }),
    column.accessor("organizationCount", {
      header: "Organizations",
      enableSorting: true,
      meta: { className: "hidden sm:table-cell tabular-nums" },
    }),
    column.accessor("disabled", {
      header: "Status",
      cell: (info) => {
        const { lockedUntil } = info.row.original;
        return (
          <span className="inline-flex flex-wrap gap-1">
            {info.getValue() ? (
              <Badge tone="danger">disabled</Badge>
            ) : (
              !lockedUntil && <Badge tone="success">active</Badge>
            )}
            {lockedUntil && (
              <Badge tone="warning">
                <span title={`Failed sign-ins; the lock ends at ${utcTime(lockedUntil, 16)} UTC`}>
                  locked until {utcTime(lockedUntil, 16).slice(11)} UTC
                </span>
              </Badge>
            )}
          </span>
        );
      },
    }),
    column.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      // `relative` keeps the sr-only (absolute) labels inside the scrolling table on phones.
      meta: { className: "relative text-right" },
      // Nobody disables or demotes themselves (the API refuses too): no lock-out by mistake.
      cell: (info) =>
        info.row.original.id === selfId ? null : <UserActions user={info.row.original} />,
    }),
  ];
}

export function UsersTable({
  initialUsers,
  selfId,
}: {
  initialUsers: AdminUserOutput[];
  selfId: string;
}) {
  const trpc = useTRPC();
  const users = useQuery(trpc.admin.users.queryOptions(undefined, { initialData: initialUsers }));
  const columns = useMemo(() => columnsFor(selfId), [selfId]);

  return (
    <Card aria-labelledby="users-title">
      <CardHeader>
        <div>
          <CardTitle id="users-title">Users</CardTitle>
          <CardDescription>
            Changes take effect on the user&apos;s next request: a disabled user is signed out at
            once. You cannot disable or demote yourself. Five failed sign-ins lock an account for 15
            minutes; Unlock ends the lock at once.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent data-testid="admin-users">
        <DataTable
          caption="Users"
          columns={columns}
          data={users.data}
          getRowId={(user) => user.id}
          rowTestId={(user) => `user-${user.email}`}
          initialSorting={[{ id: "email", desc: false }]}
          empty={
            <EmptyState
              icon={<Users />}
              title="No users yet"
              description="People appear here once they sign up for the portal."
            />
          }
        />
      </CardContent>
    </Card>
  );
}
