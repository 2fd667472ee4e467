"use client";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { KeyRound } from "lucide-react";
import type { AdminSigningKeyOutput as SigningKey } from "@lotse/api/schemas";
import { Badge } from "@lotse/ui/badge";
import { DataTable } from "@lotse/ui/data-table";
import { Code, EmptyState } from "@lotse/ui/layout";
import { UtcTime } from "~/components/utc-time";
import { useTRPC } from "~/trpc/react";

const STATE_TONE = { CURRENT: "success", NEXT: "info", RETIRED: "neutral" } as const;

const column = createColumnHelper<SigningKey>();

const date = (value: Date | null) =>
  value ? <UtcTime date={value} /> : <span className="text-muted-foreground">—</span>;

const dateColumn = "whitespace-nowrap tabular-nums";

const columns = [
  column.accessor("kid", {
    header: "Key id",
    cell: (info) => (
      <Code className="block max-w-[8rem] sm:max-w-[14rem] truncate" title={info.getValue()}>
        {info.getValue()}
      </Code>
    ),
  }),
  column.accessor("alg", { header: "Algorithm", meta: { className: "hidden sm:table-cell" } }),
  column.accessor("purpose", {
    header: "Purpose",
    meta: { className: "hidden md:table-cell whitespace-nowrap" },
    cell: (info) => `${info.getValue().toLowerCase()} (${info.row.original.use})`,
  }),
  column.accessor("state", {
    header: "State",
    enableSorting: true,
    cell: (info) => (
      <Badge tone={STATE_TONE[info.getValue()]}>{info.getValue().toLowerCase()}</Badge>
    ),
  }),
  column.accessor("createdAt", {
    header: "Created (UTC)",
    enableSorting: true,
    meta: { className: `hidden lg:table-cell ${dateColumn}` },
    cell: (info) => date(info.getValue()),
  }),
  column.accessor("activatedAt", {
    header: "Activated (UTC)",
    meta: { className: dateColumn },
    cell: (info) => date(info.getValue()),
  }),
  column.accessor("retiredAt", {
    header: "Retired (UTC)",
    meta: { className: `hidden sm:table-cell ${dateColumn}` },
    cell: (info) => date(info.getValue()),
  }),
];

/** The keys as the server rendered them, refreshed when a rotation invalidates the query. */
export function KeysTable({ initialKeys }: { initialKeys: SigningKey[] }) {
  const trpc = useTRPC();
  const keys = useQuery(
    trpc.admin.signingKeys.queryOptions(undefined, { initialData: initialKeys }),
  );
  return (
    <DataTable
      caption="Signing keys"
      columns={columns}
      data={keys.data}
      getRowId={(key) => key.kid}
      rowTestId={(key) => `key-${key.kid}`}
      empty={
        <EmptyState
          icon={<KeyRound />}
          title="No keys yet"
          description="The broker creates its signing keys on its first start."
        />
      }
    />
  );
}
