import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { api } from "../../../trpc/server";
import { InvitePanel } from "./invite-panel";

export default async function OrganizationPage({
  params,
}: {
  params: Promise<{ organizationId: string }>;
}) {
  const session = await requireSession();
  const { organizationId } = await params;
  const caller = await api();
  const organization = await caller.organization.get({ organizationId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const members = await caller.organization.members({ organizationId });

  return (
    <>
      <AppShell session={session}>
        <h1>{organization.name}</h1>
        <section className="card" aria-labelledby="members-title">
          <h2 id="members-title">Members</h2>
          <table data-testid="members-table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Name</th>
                <th>Role</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.userId}>
                  <td>{member.email}</td>
                  <td>{member.name}</td>
                  <td>{member.role.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {organization.role === "OWNER" && <InvitePanel organizationId={organization.id} />}
      </AppShell>
    </>
  );
}
