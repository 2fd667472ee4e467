/**
 * CSV and JSON export of the filtered audit list, newest first, capped so one request
 * cannot read the whole table; the answer says when the cap cut it short.
 */
import type { PrismaClient } from "@lotse/db";
import {
  AUDIT_EXPORT_MAX_ROWS,
  type AuditEventView,
  type AuditFilter,
} from "../../schemas/audit.js";
import { AUDIT_ORDER, filterWhere, toView } from "./events.js";
import { auditScope, seesEndUserNetwork, type AuditViewer } from "./scope.js";

const COLUMNS = [
  "time",
  "seq",
  "type",
  "outcome",
  "errorCode",
  "errorDescription",
  "clientId",
  "applicationId",
  "upstreamIdp",
  "subject",
  "grantId",
  "flowId",
  "clientIp",
  "userAgent",
  "details",
] as const satisfies readonly (keyof AuditEventView)[];

/** Admins only (scope.ts, seesEndUserNetwork): a developer's export has no such columns. */
const END_USER_NETWORK_COLUMNS = new Set<string>(["clientIp", "userAgent"]);

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value as string | number | boolean);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(events: AuditEventView[], withEndUserNetwork = true): string {
  const columns = COLUMNS.filter(
    (column) => withEndUserNetwork || !END_USER_NETWORK_COLUMNS.has(column),
  );
  const lines = [columns.join(",")];
  for (const event of events) lines.push(columns.map((column) => csvCell(event[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export async function exportAuditEvents(
  prisma: PrismaClient,
  viewer: AuditViewer,
  input: { filter: AuditFilter; format: "csv" | "json" },
  now = new Date(),
) {
  const scope = await auditScope(prisma, viewer);
  const rows = await prisma.auditEvent.findMany({
    where: { AND: [scope, filterWhere(input.filter)] },
    orderBy: [...AUDIT_ORDER],
    take: AUDIT_EXPORT_MAX_ROWS + 1,
  });
  const events = rows.slice(0, AUDIT_EXPORT_MAX_ROWS).map((row) => toView(row, viewer));
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  return {
    filename: `lotse-audit-${stamp}.${input.format}`,
    contentType: input.format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    body:
      input.format === "csv"
        ? toCsv(events, seesEndUserNetwork(viewer))
        : JSON.stringify(events, null, 2),
    rows: events.length,
    truncated: rows.length > AUDIT_EXPORT_MAX_ROWS,
  };
}
