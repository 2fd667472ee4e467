import { Download } from "lucide-react";
import { Suspense } from "react";
import { AUDIT_EXPORT_MAX_ROWS } from "@lotse/api/schemas";
import { buttonVariants } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { PageHeader, Skeleton } from "@lotse/ui/layout";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { AuditTable } from "./audit-table";
import { ChainStatus } from "./chain-status";
import { FilterForm } from "./filter-form";
import { AuditOverview } from "./overview";
import { filterQuery, parseFilter, type SearchParams } from "./search-params";

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const session = await requireSession("/audit");
  const isAdmin = session.user.role === "ADMIN";
  const { filter, errors, values } = parseFilter(await searchParams);
  const caller = await api();
  const [page, overview, options] = await Promise.all([
    caller.audit.list({ filter, limit: PAGE_SIZE }),
    caller.audit.overview(),
    caller.audit.filterOptions(),
  ]);
  const applicationNames = Object.fromEntries(
    options.applications.map((application) => [application.clientId, application.name]),
  );
  const query = filterQuery(filter).toString();
  const filtered = query !== "";
  // An empty log (no filter, no events): one empty state says what to do, not empty charts,
  // filters and exports.
  const nothingYet = !filtered && page.events.length === 0 && Object.keys(errors).length === 0;
  const exportLink = buttonVariants({ variant: "secondary", size: "sm" });

  return (
    <AppShell session={session} wide>
      <PageHeader
        title="Audit log"
        description={
          isAdmin
            ? "All events of the broker."
            : "Events of your organizations' applications. Requests the broker could not tie to one of your apps are visible to admins only."
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {isAdmin && (
          <Suspense fallback={<Skeleton className="h-20 w-full" />}>
            <ChainStatus />
          </Suspense>
        )}

        {!nothingYet && (
          <>
            <AuditOverview overview={overview} />
            <Card aria-labelledby="filters-title">
              <CardHeader>
                <CardTitle id="filters-title">Filters</CardTitle>
              </CardHeader>
              <CardContent>
                <FilterForm values={values} errors={errors} options={options} />
              </CardContent>
            </Card>
          </>
        )}

        <Card aria-labelledby="events-title">
          <CardHeader>
            <div>
              <CardTitle id="events-title">Events</CardTitle>
              {!nothingYet && (
                <CardDescription>
                  Newest first. Export the {filtered ? "filtered" : "whole"} list (up to{" "}
                  {AUDIT_EXPORT_MAX_ROWS.toLocaleString("en")} rows):
                </CardDescription>
              )}
            </div>
            {!nothingYet && (
              <div className="flex gap-2">
                <a
                  className={exportLink}
                  href={`/api/audit/export?format=csv&${query}`}
                  data-testid="export-csv"
                >
                  <Download aria-hidden />
                  <span className="sr-only">Export as </span>
                  CSV
                </a>
                <a
                  className={exportLink}
                  href={`/api/audit/export?format=json&${query}`}
                  data-testid="export-json"
                >
                  <Download aria-hidden />
                  <span className="sr-only">Export as </span>
                  JSON
                </a>
              </div>
            )}
          </CardHeader>
          <CardContent>
            <AuditTable
              // A new filter starts a new list.
              key={query}
              filter={filter}
              filtered={filtered}
              initial={page}
              applicationNames={applicationNames}
              pageSize={PAGE_SIZE}
            />
          </CardContent>
        </Card>
      </div>
    </AppShell>
  );
}
