"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { AdminUpstreamIdpOutput } from "@lotse/api/schemas";
import { useTRPC } from "../../../trpc/react";
import { IdpDisplayForm } from "./idp-display-form";

export function IdpsTable({ initialIdps }: { initialIdps: AdminUpstreamIdpOutput[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const idps = useQuery(
    trpc.admin.upstreamIdps.queryOptions(undefined, { initialData: initialIdps }),
  );
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.upstreamIdps.queryKey() });
  const setEnabled = useMutation(
    trpc.admin.setUpstreamIdpEnabled.mutationOptions({ onSuccess: invalidate }),
  );
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="idps-title">
      <h2 id="idps-title">Identity providers</h2>
      <p className="hint">
        The insurers users choose from. A disabled provider disappears from the chooser; its issuer
        and client registration come from the federation and are not edited here.
      </p>
      {setEnabled.error && (
        <p className="error" role="alert">
          {setEnabled.error.message}
        </p>
      )}
      {idps.data.length === 0 ? (
        <p className="hint">No identity providers yet: the seed and the federation add them.</p>
      ) : (
        <table data-testid="admin-idps">
          <thead>
            <tr>
              <th>Display name</th>
              <th>Issuer</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {idps.data.map((idp) =>
              editing === idp.id ? (
                <tr key={idp.id}>
                  <td colSpan={4}>
                    <IdpDisplayForm
                      idp={idp}
                      onDone={() => {
                        setEditing(null);
                        void invalidate();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={idp.id} data-testid={`idp-${idp.issuer}`}>
                  <td>
                    {idp.logoUri && (
                      // eslint-disable-next-line @next/next/no-img-element -- arbitrary external logo hosts; next/image would need each one configured
                      <img src={idp.logoUri} alt="" width={20} height={20} />
                    )}{" "}
                    {idp.displayName}
                    {idp.pkv && <span className="hint"> (PKV)</span>}
                  </td>
                  <td>
                    <code>{idp.issuer}</code>
                  </td>
                  <td>{idp.enabled ? "enabled" : "disabled"}</td>
                  <td className="row">
                    <button
                      type="button"
                      className="button secondary"
                      onClick={() => setEditing(idp.id)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className={idp.enabled ? "button danger" : "button secondary"}
                      disabled={setEnabled.isPending}
                      onClick={() => setEnabled.mutate({ idpId: idp.id, enabled: !idp.enabled })}
                    >
                      {idp.enabled ? "Disable" : "Enable"}
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
