import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { AdminHeader } from "../admin-header";
import { adminQuery } from "../admin-page";
import { OrganizationsTable } from "./organizations-table";

export default async function AdminOrganizationsPage() {
  const session = await requireSession("/admin/organizations");
  const organizations = await adminQuery((await api()).admin.organizations());
  return (
    <AppShell session={session}>
      <AdminHeader current="/admin/organizations" />
      <Card aria-labelledby="organizations-title">
        <CardHeader>
          <div>
            <CardTitle id="organizations-title">Organizations</CardTitle>
            <CardDescription>
              Every team on the portal with its members and registered applications.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent data-testid="admin-organizations">
          <OrganizationsTable organizations={organizations} />
        </CardContent>
      </Card>
    </AppShell>
  );
}
