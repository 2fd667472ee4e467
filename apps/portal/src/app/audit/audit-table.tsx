"use client";
import { useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { ArrowRight, ScrollText } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { AuditEventView, AuditFilter } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Badge } from "@lotse/ui/badge";
import { Button, buttonVariants } from "@lotse/ui/button";
import { DataTable } from "@lotse/ui/data-table";
import { Code, EmptyState } from "@lotse/ui/layout";
import { useTRPC } from "~/trpc/react";
import { utcTime } from "~/components/utc-time";

const column = createColumnHelper<AuditEventView>();
const dash = <span className="text-muted-foreground">—</span>;

function columnsFor(applicationNames: Record<string, string>) {
  return [
    column.accessor("time", {
      header: "Time (UTC)",
      meta: { className: "whitespace-nowrap tabular-nums" },
      cell: (info) => (
        <time dateTime={info.getValue().toISOString()}>{utcTime(info.getValue())}</time>
      ),
    }),
    column.accessor("type", {
      header: "Event",
      meta: { className: "whitespace-nowrap" },
      cell: (info) => <Code>{info.getValue()}</Code>,
    }),
    column.accessor("outcome", {
      header: "Outcome",
      cell: (info) =>
        info.getValue() === "SUCCESS" ? (
          <Badge tone="success">success</Badge>
        ) : (
          <Badge tone="danger" title={info.row.original.errorDescription ?? undefined}>
            {info.row.original.errorCode ?? "failure"}
          </Badge>
        ),
    }),
    column.accessor("clientId", {
      header: "Application",
      meta: { className: "hidden md:table-cell" },
      cell: (info) => {
        const clientId = info.getValue();
        if (!clientId) return dash;
        return (
          <span className="block max-w-[12rem] truncate" title={clientId}>
            {applicationNames[clientId] ?? clientId}
          </span>
        );
      },
    }),
    column.accessor("upstreamIdp", {
      header: "IDP",
      meta: { className: "hidden lg:table-cell" },
      cell: (info) => {
        const issuer = info.getValue();
        if (!issuer) return dash;
        return (
          <span className="block max-w-[12rem] truncate" title={issuer}>
            {URL.canParse(issuer) ? new URL(issuer).host : issuer}
          </span>
        );
      },
    }),
    column.accessor("subject", {
      header: "Subject",
      meta: { className: "hidden sm:table-cell" },
      cell: (info) => {
        const subject = info.getValue();
        if (!subject) return dash;
        return (
          <span className="block max-w-[10rem] truncate font-mono text-xs" title={subject}>
            {subject}
          </span>
        );
      },
    }),
    column.accessor("flowId", {
      header: "Flow",
      cell: (info) => {
        const flowId = info.getValue();
        if (!flowId) return dash;
        return (
          <Link
            href={`/audit/flow/${encodeURIComponent(flowId)}`}
            className="inline-flex items-center gap-1 whitespace-nowrap"
            aria-label={`Inspect flow ${flowId}`}
            title={flowId}
          >
            inspect
            <ArrowRight className="size-3.5" aria-hidden />
          </Link>
        );
      },
    }),
  ];
}

/**
 * The audit list. The first page is rendered on the server; "Load more" appends the next
 * page from the cursor (time + id), so no row is skipped or repeated however deep.
 */
export function AuditTable({
  filter,
  filtered,
  initial,
  applicationNames,
  pageSize,
}: {
  filter: AuditFilter;
  filtered: boolean;
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
  const columns = useMemo(() => columnsFor(applicationNames), [applicationNames]);

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

  if (events.length === 0)
    return filtered ? (
      <EmptyState
        icon={<ScrollText />}
        title="No events match these filters"
        description="Widen the time range or clear a filter."
        action={
          <Link className={buttonVariants({ variant: "secondary", size: "sm" })} href="/audit">
            Reset filters
          </Link>
        }
      />
    ) : (
      <EmptyState
        icon={<ScrollText />}
        title="No events yet"
        description="Every step of a login through the broker is recorded here. Sign in to one of your applications, or run a test login with Try it on its page."
        action={
          <Link className={buttonVariants({ size: "sm" })} href="/dashboard">
            Your applications
          </Link>
        }
      />
    );

  return (
    <div className="grid grid-cols-1 gap-3">
      <div data-testid="audit-table">
        <DataTable
          caption="Audit events, newest first"
          columns={columns}
          data={events}
          getRowId={(event) => event.id}
          rowTestId={() => "audit-row"}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {cursor && (
          <Button
            variant="secondary"
            loading={loading}
            onClick={() => void loadMore()}
            data-testid="audit-load-more"
          >
            Load more
          </Button>
        )}
        <p className="m-0 text-sm text-muted-foreground" aria-live="polite">
          {events.length === 1 ? "1 event" : `${events.length} events`}
          {cursor ? " shown" : ", all shown"}
        </p>
      </div>
      {error && <Alert tone="danger">{error}</Alert>}
    </div>
  );
}
