"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { Building2 } from "lucide-react";
import type { AdminOrganizationOutput as Organization } from "@lotse/api/schemas";
import { DataTable } from "@lotse/ui/data-table";
import { Code, EmptyState } from "@lotse/ui/layout";

const column = createColumnHelper<Organization>();

const columns = [
  column.accessor("name", {
    header: "Name",
    enableSorting: true,
    cell: (info) => <span className="font-medium">{info.getValue()}</span>,
  }),
  column.accessor("slug", {
    header: "Slug",
    meta: { className: "hidden sm:table-cell" },
    cell: (info) => <Code>{info.getValue()}</Code>,
  }),
  column.accessor("memberCount", {
    header: "Members",
    enableSorting: true,
    meta: { className: "tabular-nums" },
  }),
  column.accessor("applicationCount", {
    header: "Applications",
    enableSorting: true,
    meta: { className: "tabular-nums" },
  }),
  column.accessor("createdAt", {
    header: "Created",
    enableSorting: true,
    meta: { className: "hidden md:table-cell whitespace-nowrap tabular-nums" },
    cell: (info) => (
      <time dateTime={info.getValue().toISOString()}>
        {info.getValue().toISOString().slice(0, 10)}
      </time>
    ),
  }),
];

export function OrganizationsTable({ organizations }: { organizations: Organization[] }) {
  return (
    <DataTable
      caption="Organizations"
      columns={columns}
      data={organizations}
      getRowId={(organization) => organization.id}
      initialSorting={[{ id: "name", desc: false }]}
      rowTestId={(organization) => `organization-${organization.slug}`}
      empty={
        <EmptyState
          icon={<Building2 />}
          title="No organizations yet"
          description="Developers create them on their dashboard after signing up."
        />
      }
    />
  );
}
