import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { AdminHeader } from "../admin-header";
import { adminQuery } from "../admin-page";
import { IdpsTable } from "./idps-table";

export default async function AdminIdpsPage() {
  const session = await requireSession("/admin/idps");
  const idps = await adminQuery((await api()).admin.upstreamIdps());
  return (
    <AppShell session={session}>
      <AdminHeader current="/admin/idps" />
      <IdpsTable initialIdps={idps} />
    </AppShell>
  );
}
