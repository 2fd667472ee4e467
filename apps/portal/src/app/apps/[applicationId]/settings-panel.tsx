"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApplicationOutput } from "@lotse/api/schemas";
import { ApplicationForm } from "../../../components/application-form";
import { useTRPC } from "../../../trpc/react";

export function ApplicationSettingsPanel({ application }: { application: ApplicationOutput }) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.application.update.mutationOptions());
  const remove = useMutation(trpc.application.delete.mutationOptions());
  const [saved, setSaved] = useState(false);

  return (
    <>
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <ApplicationForm
          typeLocked
          submitLabel="Save changes"
          defaultValues={{
            name: application.name,
            logoUri: application.logoUri ?? "",
            type: application.type,
            redirectUris: application.redirectUris,
            postLogoutRedirectUris: application.postLogoutRedirectUris,
            subMode: application.subMode,
            allowedScopes: application.allowedScopes as never,
            allowedGrantTypes: application.allowedGrantTypes as never,
            accessTokenTtl: application.accessTokenTtl,
            idTokenTtl: application.idTokenTtl,
            refreshTokenTtl: application.refreshTokenTtl,
          }}
          onSubmit={async (settings) => {
            setSaved(false);
            await update.mutateAsync({ applicationId: application.id, settings });
            setSaved(true);
            router.refresh();
          }}
        />
        {saved && (
          <p className="hint" data-testid="saved">
            Saved. The broker uses the new settings from the next request on.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="danger-title">
        <h2 id="danger-title">Delete</h2>
        <p className="hint">
          Deleting removes the application and its secrets; logins stop at once.
        </p>
        <button
          type="button"
          className="button danger"
          disabled={remove.isPending}
          onClick={async () => {
            if (!confirm(`Delete ${application.name}? This cannot be undone.`)) return;
            await remove.mutateAsync({ applicationId: application.id });
            router.push("/dashboard");
            router.refresh();
          }}
        >
          Delete application
        </button>
      </section>
    </>
  );
}
