import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "@lotse/ui/layout";
import { BackLink } from "~/components/back-link";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { NewApi } from "./new-api";

export default async function NewApiPage({
  params,
}: {
  params: Promise<{ organizationId: string }>;
}) {
  const session = await requireSession();
  const { organizationId } = await params;
  const organization = await (
    await api()
  ).organization
    .get({ organizationId })
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    });
  return (
    <AppShell session={session}>
      <BackLink href={`/orgs/${organization.id}`}>{organization.name}</BackLink>
      <PageHeader
        title={`Register an API in ${organization.name}`}
        description="Then grant its scopes to applications in their settings (API access)."
      />
      <NewApi organizationId={organization.id} />
    </AppShell>
  );
}
