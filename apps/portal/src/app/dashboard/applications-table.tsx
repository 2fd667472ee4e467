"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ApplicationOutput } from "@lotse/api/schemas";
import { Badge } from "@lotse/ui/badge";
import { DataTable } from "@lotse/ui/data-table";
import { Code } from "@lotse/ui/layout";

const column = createColumnHelper<ApplicationOutput>();

const columns = [
  column.accessor("name", {
    header: "Name",
    enableSorting: true,
    cell: (info) => (
      <Link className="font-medium" href={`/apps/${info.row.original.id}`}>
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor("type", {
    header: "Type",
    enableSorting: true,
    cell: (info) =>
      info.getValue() === "PUBLIC" ? (
        <Badge tone="info">Public (PKCE)</Badge>
      ) : (
        <Badge>Confidential</Badge>
      ),
  }),
  column.accessor("clientId", {
    header: "Client id",
    meta: { className: "hidden sm:table-cell" },
    cell: (info) => <Code>{info.getValue()}</Code>,
  }),
];

export function ApplicationsTable({ applications }: { applications: ApplicationOutput[] }) {
  return (
    <DataTable
      caption="Applications"
      columns={columns}
      data={applications}
      getRowId={(application) => application.id}
      initialSorting={[{ id: "name", desc: false }]}
      empty="No applications yet. Register one to get a client id."
    />
  );
}
