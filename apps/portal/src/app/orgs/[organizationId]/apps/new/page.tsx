import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AppShell } from "../../../../../components/app-shell";
import { requireSession } from "../../../../../server/session";
import { api } from "../../../../../trpc/server";
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
    <>
      <AppShell session={session}>
        <h1>Register an application in {organization.name}</h1>
        <NewApplication organizationId={organization.id} />
      </AppShell>
    </>
  );
}
