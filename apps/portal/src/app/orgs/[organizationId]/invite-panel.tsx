"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CopyButton } from "@lotse/ui/copy-button";
import { useTRPC } from "../../../trpc/react";

export function InvitePanel({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.organization.invitations.queryOptions({ organizationId }));
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

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite members</h2>
      <p className="hint">
        An invitation link works once, for 7 days, for anyone signed in who opens it. Send it
        through a channel you trust.
      </p>
      {link && (
        <div className="secret-once card">
          <p>Copy the link now; it is not shown again.</p>
          <code className="secret" data-testid="invitation-link">
            {link}
          </code>
          <CopyButton value={link} label="Copy link" />
        </div>
      )}
      <button
        type="button"
        className="button"
        disabled={create.isPending}
        onClick={async () => {
          const result = await create.mutateAsync({ organizationId, expiresInDays: 7 });
          setLink(`${window.location.origin}/invite/${result.token}`);
        }}
      >
        Create invitation link
      </button>
      {create.error && <p className="error">{create.error.message}</p>}
      {invitations.data && invitations.data.length > 0 && (
        <table style={{ marginTop: "1rem" }}>
          <thead>
            <tr>
              <th>Created by</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invitations.data.map((invitation) => (
              <tr key={invitation.id}>
                <td>{invitation.createdByEmail}</td>
                <td>{invitation.expiresAt.toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    className="button danger"
                    onClick={() => revoke.mutate({ organizationId, invitationId: invitation.id })}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
