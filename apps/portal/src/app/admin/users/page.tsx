import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { api } from "../../../trpc/server";
import { AdminNav } from "../admin-nav";
import { adminQuery } from "../admin-page";
import { UsersTable } from "./users-table";

export default async function AdminUsersPage() {
  const session = await requireSession("/admin/users");
  const users = await adminQuery((await api()).admin.users());
  return (
    <>
      <AppShell session={session}>
        <h1>Admin</h1>
        <AdminNav current="/admin/users" />
        <UsersTable initialUsers={users} selfId={session.user.id ?? ""} />
      </AppShell>
    </>
  );
}
