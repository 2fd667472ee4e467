import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { api } from "../../../trpc/server";
import { AdminNav } from "../admin-nav";
import { adminQuery } from "../admin-page";

export default async function AdminOrganizationsPage() {
  const session = await requireSession("/admin/organizations");
  const organizations = await adminQuery((await api()).admin.organizations());
  return (
    <>
      <AppShell session={session}>
        <h1>Admin</h1>
        <AdminNav current="/admin/organizations" />
        <section className="card" aria-labelledby="organizations-title">
          <h2 id="organizations-title">Organizations</h2>
          {organizations.length === 0 ? (
            <p className="hint">No organizations yet.</p>
          ) : (
            <table data-testid="admin-organizations">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Slug</th>
                  <th>Members</th>
                  <th>Applications</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {organizations.map((organization) => (
                  <tr key={organization.id}>
                    <td>{organization.name}</td>
                    <td>
                      <code>{organization.slug}</code>
                    </td>
                    <td>{organization.memberCount}</td>
                    <td>{organization.applicationCount}</td>
                    <td>{organization.createdAt.toISOString().slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </AppShell>
    </>
  );
}
