import { Building2, Plus } from "lucide-react";
import Link from "next/link";
import { Badge } from "@lotse/ui/badge";
import { buttonVariants } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { EmptyState, PageHeader } from "@lotse/ui/layout";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { ApplicationsTable } from "./applications-table";
import { CreateOrganizationForm } from "./create-organization-form";

export default async function DashboardPage() {
  const session = await requireSession();
  const caller = await api();
  const organizations = await caller.organization.list();
  const withApps = await Promise.all(
    organizations.map(async (organization) => ({
      organization,
      applications: await caller.application.list({ organizationId: organization.id }),
    })),
  );

  return (
    <AppShell session={session}>
      <PageHeader
        title="Your organizations"
        description="Every application belongs to an organization; its members manage it together."
      />
      <div className="grid grid-cols-1 gap-6">
        {withApps.length === 0 && (
          <EmptyState
            icon={<Building2 />}
            title="You are not in an organization yet"
            description="Create one below to register apps, or open an invite link a colleague sent you."
          />
        )}
        {withApps.map(({ organization, applications }) => (
          <Card key={organization.id} data-testid={`org-${organization.slug}`}>
            <CardHeader>
              <div>
                <CardTitle>
                  <Link href={`/orgs/${organization.id}`}>{organization.name}</Link>{" "}
                  <Badge className="align-middle" data-testid="org-role">
                    {organization.role.toLowerCase()}
                  </Badge>
                </CardTitle>
                <CardDescription>
                  {applications.length === 1
                    ? "1 application"
                    : `${applications.length} applications`}
                </CardDescription>
              </div>
              <Link className={buttonVariants()} href={`/orgs/${organization.id}/apps/new`}>
                <Plus aria-hidden />
                Register an app
              </Link>
            </CardHeader>
            <CardContent>
              <ApplicationsTable applications={applications} />
            </CardContent>
          </Card>
        ))}
        <Card>
          <CardHeader>
            <div>
              <CardTitle>New organization</CardTitle>
              <CardDescription>You become its owner and can invite others.</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <CreateOrganizationForm />
          </CardContent>
        </Card>
      </div>
    </AppShell>
  );
}
