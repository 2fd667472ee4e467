"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { AuditEventView, AuditFilter } from "@lotse/api/schemas";
import { useTRPC } from "../../trpc/react";

/**
 * The audit list. The first page is rendered on the server; "Load more" appends the next
 * page from the cursor (time + id), so no row is skipped or repeated however deep.
 */
export function AuditTable({
  filter,
  initial,
  applicationNames,
  pageSize,
}: {
  filter: AuditFilter;
  initial: { events: AuditEventView[]; nextCursor: string | null };
  applicationNames: Record<string, string>;
  pageSize: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [events, setEvents] = useState(initial.events);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await queryClient.fetchQuery(
        trpc.audit.list.queryOptions({ filter, cursor, limit: pageSize }),
      );
      setEvents((previous) => [...previous, ...page.events]);
      setCursor(page.nextCursor);
    } catch {
      setError("Could not load more events. Try again.");
    } finally {
      setLoading(false);
    }
  }

  if (events.length === 0) return <p className="hint">No events match these filters.</p>;
  return (
    <>
      <div className="table-scroll">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Event</th>
              <th>Outcome</th>
              <th>Application</th>
              <th>IDP</th>
              <th>Subject</th>
              <th>Flow</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-testid="audit-row" data-type={event.type}>
                <td>
                  <time dateTime={event.time.toISOString()}>
                    {event.time.toISOString().replace("T", " ").slice(0, 23)}
                  </time>
                </td>
                <td>
                  <code>{event.type}</code>
                </td>
                <td>
                  {event.outcome === "SUCCESS" ? (
                    <span className="badge ok">success</span>
                  ) : (
                    <span className="badge fail" title={event.errorDescription ?? undefined}>
                      {event.errorCode ?? "failure"}
                    </span>
                  )}
                </td>
                <td title={event.clientId ?? undefined}>
                  {event.clientId ? (applicationNames[event.clientId] ?? event.clientId) : "—"}
                </td>
                <td className="truncate" title={event.upstreamIdp ?? undefined}>
                  {event.upstreamIdp ? new URL(event.upstreamIdp).host : "—"}
                </td>
                <td className="truncate" title={event.subject ?? undefined}>
                  {event.subject ?? "—"}
                </td>
                <td>
                  {event.flowId ? (
                    <Link href={`/audit/flow/${encodeURIComponent(event.flowId)}`}>inspect</Link>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <p className="error">{error}</p>}
      {cursor && (
        <button
          type="button"
          className="button secondary"
          onClick={() => void loadMore()}
          disabled={loading}
          data-testid="audit-load-more"
        >
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
