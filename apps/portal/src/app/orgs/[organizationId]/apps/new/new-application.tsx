"use client";
import { useMutation } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { applicationDefaults } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { buttonVariants } from "@lotse/ui/button";
import { ApplicationForm } from "~/components/application-form";
import { SecretOnce } from "~/components/secret-once";
import { useTRPC } from "~/trpc/react";

export function NewApplication({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.application.create.mutationOptions());
  const [created, setCreated] = useState<{ id: string; name: string; secret: string | null }>();

  if (created) {
    return (
      <div className="grid max-w-2xl gap-4">
        <Alert tone="success" data-testid="created-message">
          <p>
            <strong>{created.name}</strong> is registered.
          </p>
        </Alert>
        {created.secret && (
          <SecretOnce
            secret={created.secret}
            onDone={() => setCreated({ ...created, secret: null })}
          />
        )}
        <div>
          <Link className={buttonVariants()} href={`/apps/${created.id}`}>
            Go to the application
            <ArrowRight aria-hidden />
          </Link>
        </div>
      </div>
    );
  }
  return (
    <ApplicationForm
      organizationId={organizationId}
      defaultValues={applicationDefaults}
      submitLabel="Register application"
      onSubmit={async (settings) => {
        const result = await create.mutateAsync({ organizationId, settings });
        setCreated({
          id: result.application.id,
          name: result.application.name,
          secret: result.secret?.clientSecret ?? null,
        });
      }}
    />
  );
}
