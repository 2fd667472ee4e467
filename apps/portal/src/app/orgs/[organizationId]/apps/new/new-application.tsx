"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { applicationDefaults } from "@lotse/api/schemas";
import { ApplicationForm } from "../../../../../components/application-form";
import { SecretOnce } from "../../../../../components/secret-once";
import { useTRPC } from "../../../../../trpc/react";

export function NewApplication({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.application.create.mutationOptions());
  const [created, setCreated] = useState<{ id: string; name: string; secret: string | null }>();

  if (created) {
    return (
      <>
        <p data-testid="created-message">
          <strong>{created.name}</strong> is registered.
        </p>
        {created.secret && (
          <SecretOnce
            secret={created.secret}
            onDone={() => setCreated({ ...created, secret: null })}
          />
        )}
        <Link className="button" href={`/apps/${created.id}`}>
          Go to the application
        </Link>
      </>
    );
  }
  return (
    <ApplicationForm
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
