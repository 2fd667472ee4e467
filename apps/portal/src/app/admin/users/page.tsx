import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { AdminHeader } from "../admin-header";
import { adminQuery } from "../admin-page";
import { UsersTable } from "./users-table";

export default async function AdminUsersPage() {
  const session = await requireSession("/admin/users");
  const users = await adminQuery((await api()).admin.users());
  return (
    <AppShell session={session}>
      <AdminHeader current="/admin/users" />
      <UsersTable initialUsers={users} selfId={session.user.id ?? ""} />
    </AppShell>
  );
}
