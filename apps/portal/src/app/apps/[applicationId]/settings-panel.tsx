"use client";
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { settingsOf, type ApplicationOutput } from "@lotse/api/schemas";
import { ApplicationForm } from "~/components/application-form";
import { useTRPC } from "~/trpc/react";

export function ApplicationSettingsPanel({
  application,
  className,
}: {
  application: ApplicationOutput;
  className?: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.application.update.mutationOptions());
  const [saved, setSaved] = useState(false);

  return (
    <section id="settings" aria-labelledby="settings-title" className={className}>
      <div className="mb-4">
        <h2 id="settings-title" className="m-0 text-lg font-semibold">
          Settings
        </h2>
        <p className="m-0 mt-1 text-sm text-muted-foreground">
          Changes apply to the next sign-in; nothing needs a restart.
        </p>
      </div>
      <ApplicationForm
        organizationId={application.organizationId}
        clientId={application.clientId}
        typeLocked
        headingLevel={3}
        submitLabel="Save changes"
        defaultValues={settingsOf(application)}
        status={
          saved && (
            <p
              className="m-0 flex items-center gap-1.5 text-success"
              role="status"
              data-testid="saved"
            >
              <CheckCircle2 className="size-4 shrink-0" aria-hidden />
              Saved. The broker uses the new settings from the next request on.
            </p>
          )
        }
        onSubmit={async (settings) => {
          setSaved(false);
          await update.mutateAsync({ applicationId: application.id, settings });
          setSaved(true);
          router.refresh();
        }}
      />
    </section>
  );
}
