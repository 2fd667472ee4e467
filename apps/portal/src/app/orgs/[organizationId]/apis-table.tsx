"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ApiOutput } from "@lotse/api/schemas";
import { Badge } from "@lotse/ui/badge";
import { DataTable } from "@lotse/ui/data-table";
import { Code } from "@lotse/ui/layout";

const column = createColumnHelper<ApiOutput>();

const columns = [
  column.accessor("name", {
    header: "Name",
    enableSorting: true,
    cell: (info) => (
      <Link className="font-medium" href={`/apis/${info.row.original.id}`}>
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor("identifier", {
    header: "Identifier",
    cell: (info) => <Code>{info.getValue()}</Code>,
  }),
  column.accessor("scopes", {
    header: "Scopes",
    meta: { className: "hidden md:table-cell" },
    cell: (info) => <span className="font-mono text-xs">{info.getValue().join(" ")}</span>,
  }),
  column.accessor("tokenFormat", {
    header: "Tokens",
    meta: { className: "hidden sm:table-cell" },
    cell: (info) =>
      info.getValue() === "JWT" ? <Badge>JWT</Badge> : <Badge tone="info">Opaque</Badge>,
  }),
];

export function ApisTable({ apis }: { apis: ApiOutput[] }) {
  return (
    <DataTable
      caption="APIs"
      columns={columns}
      data={apis}
      getRowId={(api) => api.id}
      rowTestId={(api) => `api-row-${api.identifier}`}
      initialSorting={[{ id: "name", desc: false }]}
      empty="No APIs yet. Register one to issue access tokens for it."
    />
  );
}
