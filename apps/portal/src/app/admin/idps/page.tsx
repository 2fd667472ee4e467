import { TopBar } from "../../../components/top-bar";
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
      <TopBar email={session.user.email ?? ""} admin />
      <main className="shell">
        <h1>Admin</h1>
        <AdminNav current="/admin/idps" />
        <IdpsTable initialIdps={idps} />
      </main>
    </>
  );
}
