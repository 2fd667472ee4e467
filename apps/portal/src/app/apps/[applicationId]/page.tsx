import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { env } from "../../../env";
import { QuickStart } from "../../../components/quick-start";
import { TryItPanel } from "../../../components/try-it-panel";
import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { tryItRedirectUri } from "../../../server/try-it/cookies";
import { api } from "../../../trpc/server";
import { ApplicationSettingsPanel } from "./settings-panel";
import { SecretsPanel } from "./secrets-panel";

export default async function ApplicationPage({
  params,
}: {
  params: Promise<{ applicationId: string }>;
}) {
  const session = await requireSession();
  const { applicationId } = await params;
  const application = await (
    await api()
  ).application
    .get({ applicationId })
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    });

  return (
    <>
      <AppShell session={session}>
        <h1 data-testid="application-name">{application.name}</h1>
        <QuickStart brokerUrl={env.BROKER_URL} application={application} />
        <TryItPanel application={application} redirectUri={tryItRedirectUri()} />
        {application.type === "CONFIDENTIAL" && <SecretsPanel applicationId={application.id} />}
        <ApplicationSettingsPanel application={application} />
      </AppShell>
    </>
  );
}
