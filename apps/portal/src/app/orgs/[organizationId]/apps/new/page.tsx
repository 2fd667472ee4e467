import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "@lotse/ui/layout";
import { BackLink } from "~/components/back-link";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { NewApplication } from "./new-application";

export default async function NewApplicationPage({
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
        title={`Register an application in ${organization.name}`}
        description="You get a client id at once. A confidential application also gets a client secret, shown only once."
      />
      <NewApplication organizationId={organization.id} />
    </AppShell>
  );
}
