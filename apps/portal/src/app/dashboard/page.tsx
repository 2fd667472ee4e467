import Link from "next/link";
import { TopBar } from "../../components/top-bar";
import { requireSession } from "../../server/session";
import { api } from "../../trpc/server";
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
    <>
      <TopBar email={session.user.email ?? ""} admin={session.user.role === "ADMIN"} />
      <main className="shell">
        <h1>Your organizations</h1>
        {withApps.length === 0 && (
          <p className="hint">You are not in an organization yet. Create one to register apps.</p>
        )}
        {withApps.map(({ organization, applications }) => (
          <section className="card" key={organization.id} data-testid={`org-${organization.slug}`}>
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h2 style={{ margin: 0 }}>
                <Link href={`/orgs/${organization.id}`}>{organization.name}</Link>{" "}
                <span className="hint">({organization.role.toLowerCase()})</span>
              </h2>
              <Link className="button" href={`/orgs/${organization.id}/apps/new`}>
                Register an app
              </Link>
            </div>
            {applications.length === 0 ? (
              <p className="hint">No applications yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Type</th>
                    <th>Client id</th>
                  </tr>
                </thead>
                <tbody>
                  {applications.map((application) => (
                    <tr key={application.id}>
                      <td>
                        <Link href={`/apps/${application.id}`}>{application.name}</Link>
                      </td>
                      <td>{application.type === "PUBLIC" ? "Public (PKCE)" : "Confidential"}</td>
                      <td>
                        <code>{application.clientId}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
        <section className="card">
          <h2>New organization</h2>
          <CreateOrganizationForm />
        </section>
      </main>
    </>
  );
}
