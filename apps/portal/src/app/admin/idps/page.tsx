import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { api } from "../../../trpc/server";
import { AdminNav } from "../admin-nav";
import { adminQuery } from "../admin-page";
import { IdpsTable } from "./idps-table";

export default async function AdminIdpsPage() {
  const session = await requireSession("/admin/idps");
  const idps = await adminQuery((await api()).admin.upstreamIdps());
  return (
    <>
      <AppShell session={session}>
        <h1>Admin</h1>
        <AdminNav current="/admin/idps" />
        <IdpsTable initialIdps={idps} />
      </AppShell>
    </>
  );
}
