"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { SecretOnce } from "../../../components/secret-once";
import { useTRPC } from "../../../trpc/react";

const GRACE_CHOICES = [
  [0, "none — the old secret stops working now"],
  [3600, "1 hour"],
  [86400, "1 day"],
  [7 * 86400, "7 days"],
  [30 * 86400, "30 days"],
] as const;

export function SecretsPanel({ applicationId }: { applicationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useQuery(trpc.application.secrets.queryOptions({ applicationId }));
  const invalidate = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.application.secrets.queryKey({ applicationId }),
    });
  const rotate = useMutation(
    trpc.application.rotateSecret.mutationOptions({ onSuccess: invalidate }),
  );
  const revoke = useMutation(
    trpc.application.revokeSecret.mutationOptions({ onSuccess: invalidate }),
  );
  const [graceSeconds, setGraceSeconds] = useState<number>(86400);
  const [issued, setIssued] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="secrets-title">
      <h2 id="secrets-title">Client secrets</h2>
      {issued && <SecretOnce secret={issued} onDone={() => setIssued(null)} />}
      {secrets.isPending ? (
        <p className="hint">Loading…</p>
      ) : secrets.error ? (
        <p className="error">{secrets.error.message}</p>
      ) : (
        <table data-testid="secrets-table">
          <thead>
            <tr>
              <th>Starts with</th>
              <th>Created</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {secrets.data.map((secret) => (
              <tr key={secret.id}>
                <td>
                  <code>{secret.prefix}…</code>
                </td>
                <td>{secret.createdAt.toLocaleString()}</td>
                <td>
                  {secret.status}
                  {secret.status === "expiring" && secret.expiresAt
                    ? ` until ${secret.expiresAt.toLocaleString()}`
                    : ""}
                </td>
                <td>
                  {(secret.status === "active" || secret.status === "expiring") && (
                    <button
                      type="button"
                      className="button danger"
                      disabled={revoke.isPending}
                      onClick={() => {
                        if (confirm("Revoke this secret now? Apps using it stop working at once."))
                          revoke.mutate({ applicationId, secretId: secret.id });
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row" style={{ marginTop: "1rem", flexWrap: "wrap" }}>
        <label htmlFor="grace">Keep the current secret valid for</label>
        <select
          id="grace"
          style={{ width: "auto" }}
          value={graceSeconds}
          onChange={(event) => setGraceSeconds(Number(event.target.value))}
        >
          {GRACE_CHOICES.map(([seconds, label]) => (
            <option key={seconds} value={seconds}>
              {label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={rotate.isPending}
          onClick={async () => {
            const result = await rotate.mutateAsync({ applicationId, graceSeconds });
            setIssued(result.clientSecret);
          }}
        >
          Rotate secret
        </button>
      </div>
      {(rotate.error ?? revoke.error) && (
        <p className="error">{(rotate.error ?? revoke.error)?.message}</p>
      )}
    </section>
  );
}
