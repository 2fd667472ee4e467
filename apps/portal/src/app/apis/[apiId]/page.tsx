import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { CopyButton } from "@lotse/ui/copy-button";
import { Code, PageHeader } from "@lotse/ui/layout";
import { BackLink } from "~/components/back-link";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { ApiSettingsPanel } from "./api-settings";
import { DeleteApi } from "./delete-api";

/** One API (resource server): its settings and the danger zone. */
export default async function ApiPage({ params }: { params: Promise<{ apiId: string }> }) {
  const session = await requireSession();
  const { apiId } = await params;
  const caller = await api();
  const resource = await caller.api.get({ apiId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const organization = await caller.organization.get({
    organizationId: resource.organizationId,
  });
  return (
    <AppShell session={session}>
      <BackLink href={`/orgs/${organization.id}#apis`}>{organization.name}</BackLink>
      <PageHeader
        eyebrow="API"
        title={resource.name}
        description={
          <span className="flex min-w-0 flex-wrap items-center gap-2">
            <Code data-testid="api-identifier-value">{resource.identifier}</Code>
            <CopyButton
              value={resource.identifier}
              label="Copy"
              aria-label="Copy the identifier"
              variant="ghost"
            />
            <span>
              ·{" "}
              {resource.grantCount === 1
                ? "1 application may request its scopes"
                : `${resource.grantCount} applications may request its scopes`}
            </span>
          </span>
        }
      />
      <div className="grid gap-8">
        <ApiSettingsPanel resource={resource} />
        <DeleteApi resource={resource} />
      </div>
    </AppShell>
  );
}
