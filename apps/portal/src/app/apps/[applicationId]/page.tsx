import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { buildQuickStart } from "@lotse/api";
import { PLATFORM_TITLES } from "@lotse/api/schemas";
import { Badge } from "@lotse/ui/badge";
import { Card, CardContent } from "@lotse/ui/card";
import { CopyButton } from "@lotse/ui/copy-button";
import { Code } from "@lotse/ui/layout";
import { env } from "~/env";
import { BackLink } from "~/components/back-link";
import { AppShell } from "~/components/app-shell";
import { QuickStart } from "~/components/quick-start";
import { TryItPanel } from "~/components/try-it-panel";
import { requireSession } from "~/server/session";
import { tryItRedirectUri } from "~/server/try-it/cookies";
import { api } from "~/trpc/server";
import { DeleteApplication } from "./delete-application";
import { SectionNav } from "./section-nav";
import { ApplicationSettingsPanel } from "./settings-panel";
import { SecretsPanel } from "./secrets-panel";
import { SmartLauncher } from "./smart-launcher";

/**
 * One page per application, its sections as cards in a row with an in-page navigation
 * rather than tabs: everything stays reachable by scrolling, search in the page and links
 * to #settings, and nothing is hidden from a test or a screen reader's heading list.
 */
export default async function ApplicationPage({
  params,
}: {
  params: Promise<{ applicationId: string }>;
}) {
  const session = await requireSession();
  const { applicationId } = await params;
  const caller = await api();
  const application = await caller.application.get({ applicationId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const organization = await caller.organization.get({
    organizationId: application.organizationId,
  });
  const quickStart = buildQuickStart({ issuer: env.BROKER_URL, ...application });
  const confidential = application.type === "CONFIDENTIAL";

  const credentials = [
    { term: "Client id", value: quickStart.clientId, testId: "client-id" },
    { term: "Issuer", value: quickStart.issuer, testId: "issuer" },
    { term: "Discovery URL", value: quickStart.discoveryUrl, testId: "discovery-url" },
  ];
  const sections = [
    { id: "quick-start", label: "Quick start" },
    ...(confidential ? [{ id: "secrets", label: "Client secrets" }] : []),
    { id: "try-it", label: "Try a sign-in" },
    ...(application.smartEnabled ? [{ id: "smart-launch", label: "SMART launcher" }] : []),
    { id: "settings", label: "Settings" },
    { id: "danger-zone", label: "Danger zone" },
  ];
  // Anchored sections stop below the sticky top bar.
  const section = "scroll-mt-20";

  return (
    <AppShell session={session}>
      <BackLink href={`/orgs/${organization.id}`}>{organization.name}</BackLink>
      <header className="mb-6 grid gap-4">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1
            className="m-0 text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]"
            data-testid="application-name"
          >
            {application.name}
          </h1>
          {confidential ? <Badge>Confidential</Badge> : <Badge tone="info">Public (PKCE)</Badge>}
          <Badge data-testid="application-platform">{PLATFORM_TITLES[application.platform]}</Badge>
          {!application.enabled && <Badge tone="danger">disabled</Badge>}
        </div>
        <Card>
          <CardContent className="pt-4 pb-4">
            <dl className="m-0 grid gap-3 text-sm">
              {credentials.map((item) => (
                <div
                  key={item.testId}
                  className="grid gap-1 sm:grid-cols-[8rem_minmax(0,1fr)] sm:items-center sm:gap-3"
                >
                  <dt className="text-muted-foreground">{item.term}</dt>
                  <dd className="m-0 flex min-w-0 items-center justify-between gap-2">
                    <Code data-testid={item.testId}>{item.value}</Code>
                    <CopyButton
                      value={item.value}
                      label="Copy"
                      aria-label={`Copy the ${item.term.toLowerCase()}`}
                      variant="ghost"
                    />
                  </dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
      </header>

      <div className="grid grid-cols-1 gap-6 *:min-w-0 lg:grid-cols-[10rem_minmax(0,1fr)] lg:gap-8">
        <SectionNav sections={sections} />
        <div className="grid min-w-0 gap-8 *:min-w-0">
          <QuickStart
            quickStart={quickStart}
            type={application.type}
            pkceRequired={application.pkceRequired}
            className={section}
          />
          {confidential && <SecretsPanel applicationId={application.id} className={section} />}
          <TryItPanel
            application={application}
            redirectUri={tryItRedirectUri()}
            className={section}
          />
          {application.smartEnabled && (
            <SmartLauncher application={application} className={section} />
          )}
          <ApplicationSettingsPanel application={application} className={section} />
          <DeleteApplication application={application} className={section} />
        </div>
      </div>
    </AppShell>
  );
}
