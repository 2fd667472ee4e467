"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AdminUserOutput } from "@lotse/api/schemas";
import { useTRPC } from "../../../trpc/react";

export function UsersTable({
  initialUsers,
  selfId,
}: {
  initialUsers: AdminUserOutput[];
  selfId: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.admin.users.queryOptions(undefined, { initialData: initialUsers }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() });
  const setDisabled = useMutation(
    trpc.admin.setUserDisabled.mutationOptions({ onSuccess: invalidate }),
  );
  const setRole = useMutation(trpc.admin.setUserRole.mutationOptions({ onSuccess: invalidate }));
  const error = setDisabled.error ?? setRole.error;
  const busy = setDisabled.isPending || setRole.isPending;

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <p className="hint">
        Changes take effect on the user&apos;s next request: a disabled user is signed out at once.
        You cannot disable or demote yourself.
      </p>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {users.data.length === 0 ? (
        <p className="hint">No users yet.</p>
      ) : (
        <table data-testid="admin-users">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Organizations</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => {
              const self = user.id === selfId;
              return (
                <tr key={user.id} data-testid={`user-${user.email}`}>
                  <td>
                    {user.email}
                    {self && <span className="hint"> (you)</span>}
                  </td>
                  <td>{user.role === "ADMIN" ? "admin" : "developer"}</td>
                  <td>{user.organizationCount}</td>
                  <td>{user.disabled ? "disabled" : "active"}</td>
                  <td className="row">
                    {!self && (
                      <>
                        <button
                          type="button"
                          className="button secondary"
                          disabled={busy}
                          onClick={() =>
                            setRole.mutate({
                              userId: user.id,
                              role: user.role === "ADMIN" ? "DEVELOPER" : "ADMIN",
                            })
                          }
                        >
                          {user.role === "ADMIN" ? "Make developer" : "Make admin"}
                        </button>
                        <button
                          type="button"
                          className={user.disabled ? "button secondary" : "button danger"}
                          disabled={busy}
                          onClick={() =>
                            setDisabled.mutate({ userId: user.id, disabled: !user.disabled })
                          }
                        >
                          {user.disabled ? "Enable" : "Disable"}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
