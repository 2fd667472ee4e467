"use client";
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiSettingsOf, type ApiOutput } from "@lotse/api/schemas";
import { ApiForm } from "~/components/api-form";
import { useTRPC } from "~/trpc/react";

export function ApiSettingsPanel({ resource }: { resource: ApiOutput }) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.api.update.mutationOptions());
  const [saved, setSaved] = useState(false);
  return (
    <ApiForm
      identifierLocked
      submitLabel="Save changes"
      defaultValues={apiSettingsOf(resource)}
      status={
        saved && (
          <p
            className="m-0 flex items-center gap-1.5 text-success"
            role="status"
            data-testid="saved"
          >
            <CheckCircle2 className="size-4 shrink-0" aria-hidden />
            Saved. Scopes taken away are no longer granted to any application.
          </p>
        )
      }
      onSubmit={async (settings) => {
        setSaved(false);
        await update.mutateAsync({ apiId: resource.id, settings });
        setSaved(true);
        router.refresh();
      }}
    />
  );
}
