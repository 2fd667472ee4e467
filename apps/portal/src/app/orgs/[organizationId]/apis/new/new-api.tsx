"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiDefaults } from "@lotse/api/schemas";
import { ApiForm } from "~/components/api-form";
import { useTRPC } from "~/trpc/react";

export function NewApi({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.api.create.mutationOptions());
  return (
    <ApiForm
      defaultValues={apiDefaults}
      submitLabel="Register API"
      onSubmit={async (settings) => {
        await create.mutateAsync({ organizationId, settings });
        router.push(`/orgs/${organizationId}#apis`);
        router.refresh();
      }}
    />
  );
}
