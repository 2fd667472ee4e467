import Link from "next/link";
import { Suspense } from "react";
import { AUDIT_OUTCOMES } from "@lotse/api/schemas";
import { AUDIT_EVENT_TYPES } from "@lotse/db/audit";
import { AppShell } from "../../components/app-shell";
import { requireSession } from "../../server/session";
import { api } from "../../trpc/server";
import { AuditTable } from "./audit-table";
import { ChainStatus } from "./chain-status";
import { AuditOverview } from "./overview";
import { filterQuery, parseFilter, toDateTimeLocal, type SearchParams } from "./search-params";

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const session = await requireSession("/audit");
  const isAdmin = session.user.role === "ADMIN";
  const { filter, error } = parseFilter(await searchParams);
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

  return (
    <>
      <AppShell session={session} wide>
        <h1>Audit log</h1>
        <p className="hint">
          {isAdmin
            ? "All events of the broker."
            : "Events of your organizations' applications. Requests the broker could not tie to one of your apps are visible to admins only."}
        </p>
        {isAdmin && (
          <Suspense fallback={<p className="hint">Verifying the hash chain…</p>}>
            <ChainStatus />
          </Suspense>
        )}

        <AuditOverview overview={overview} />

        <section className="card">
          <form method="get" className="filters" aria-label="Filter events">
            <div className="field">
              <label htmlFor="from">From (UTC)</label>
              <input
                id="from"
                name="from"
                type="datetime-local"
                defaultValue={toDateTimeLocal(filter.from)}
              />
            </div>
            <div className="field">
              <label htmlFor="to">To (UTC)</label>
              <input
                id="to"
                name="to"
                type="datetime-local"
                defaultValue={toDateTimeLocal(filter.to)}
              />
            </div>
            <div className="field">
              <label htmlFor="clientId">Application</label>
              <select id="clientId" name="clientId" defaultValue={filter.clientId ?? ""}>
                <option value="">All</option>
                {options.applications.map((application) => (
                  <option key={application.clientId} value={application.clientId}>
                    {application.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="upstreamIdp">IDP</label>
              <select id="upstreamIdp" name="upstreamIdp" defaultValue={filter.upstreamIdp ?? ""}>
                <option value="">All</option>
                {options.idps.map((idp) => (
                  <option key={idp.issuer} value={idp.issuer}>
                    {idp.displayName}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="type">Event type</label>
              <select id="type" name="type" defaultValue={filter.type ?? ""}>
                <option value="">All</option>
                {AUDIT_EVENT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="outcome">Outcome</label>
              <select id="outcome" name="outcome" defaultValue={filter.outcome ?? ""}>
                <option value="">All</option>
                {AUDIT_OUTCOMES.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {outcome.toLowerCase()}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="subject">Subject</label>
              <input id="subject" name="subject" type="text" defaultValue={filter.subject ?? ""} />
            </div>
            <div className="field">
              <label htmlFor="flowId">Flow id</label>
              <input id="flowId" name="flowId" type="text" defaultValue={filter.flowId ?? ""} />
            </div>
            <div className="row">
              <button className="button" type="submit">
                Apply
              </button>
              <Link className="button secondary" href="/audit">
                Reset
              </Link>
            </div>
          </form>
          {error && <p className="error">{error}</p>}
        </section>

        <section className="card">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <h2 style={{ margin: 0 }}>Events</h2>
            <div className="row">
              <span className="hint">Export the filtered set (up to 10 000 rows):</span>
              <a
                className="button secondary"
                href={`/api/audit/export?format=csv&${query}`}
                data-testid="export-csv"
              >
                CSV
              </a>
              <a
                className="button secondary"
                href={`/api/audit/export?format=json&${query}`}
                data-testid="export-json"
              >
                JSON
              </a>
            </div>
          </div>
          <AuditTable
            // A new filter starts a new list.
            key={query}
            filter={filter}
            initial={page}
            applicationNames={applicationNames}
            pageSize={PAGE_SIZE}
          />
        </section>
      </AppShell>
    </>
  );
}
