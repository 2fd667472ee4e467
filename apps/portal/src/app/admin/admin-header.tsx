import { PageHeader } from "@lotse/ui/layout";
import { AdminNav } from "./admin-nav";

/** The heading and section tabs every admin page starts with. */
export function AdminHeader({ current }: { current: Parameters<typeof AdminNav>[0]["current"] }) {
  return (
    <>
      <PageHeader
        title="Admin"
        description="Platform settings for Lotse's staff: who may sign in, the insurers users choose from, and the broker's keys."
        className="mb-4"
      />
      <AdminNav current={current} />
    </>
  );
}
