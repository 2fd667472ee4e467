/**
 * The filtered audit list with keyset pagination on (time desc, id desc), served by the
 * `@@index([time, id])`: each page starts after the last row of the previous one, so
 * deep pages cost the same as the first and rows with equal times are neither skipped
 * nor repeated.
 */
import type { AuditEvent, Prisma, PrismaClient } from "@lotse/db";
import { invalid } from "../../errors.js";
import type { AuditEventView, AuditFilter } from "../../schemas/audit.js";
import { auditScope, seesEndUserNetwork, type AuditViewer } from "./scope.js";

export const AUDIT_ORDER = [
  { time: "desc" },
  { id: "desc" },
] as const satisfies Prisma.AuditEventOrderByWithRelationInput[];

export function filterWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    ...(filter.from || filter.to
      ? {
          time: {
            ...(filter.from ? { gte: filter.from } : {}),
            ...(filter.to ? { lte: filter.to } : {}),
          },
        }
      : {}),
    ...(filter.clientId ? { clientId: filter.clientId } : {}),
    ...(filter.upstreamIdp ? { upstreamIdp: filter.upstreamIdp } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.subject ? { subject: filter.subject } : {}),
    ...(filter.flowId ? { flowId: filter.flowId } : {}),
  };
}

export const encodeCursor = (event: Pick<AuditEvent, "time" | "id">) =>
  `${event.time.getTime()}_${event.id}`;

function cursorWhere(cursor: string): Prisma.AuditEventWhereInput {
  const separator = cursor.indexOf("_");
  const time = new Date(Number(cursor.slice(0, separator)));
  const id = cursor.slice(separator + 1);
  if (separator < 1 || Number.isNaN(time.getTime())) throw invalid("Not a valid cursor.");
  return { OR: [{ time: { lt: time } }, { time, id: { lt: id } }] };
}

/** An event as `viewer` may see it: without the end user's IP and user agent unless an admin. */
export function toView(event: AuditEvent, viewer: AuditViewer): AuditEventView {
  const details = event.details;
  return {
    id: event.id,
    seq: event.seq.toString(),
    time: event.time,
    type: event.type,
    outcome: event.outcome,
    errorCode: event.errorCode,
    errorDescription: event.errorDescription,
    applicationId: event.applicationId,
    clientId: event.clientId,
    upstreamIdp: event.upstreamIdp,
    subject: event.subject,
    grantId: event.grantId,
    flowId: event.flowId,
    ...(seesEndUserNetwork(viewer) ? { clientIp: event.clientIp, userAgent: event.userAgent } : {}),
    details:
      details && typeof details === "object" && !Array.isArray(details)
        ? (details as Record<string, unknown>)
        : {},
  };
}

export async function listAuditEvents(
  prisma: PrismaClient,
  viewer: AuditViewer,
  input: { filter: AuditFilter; cursor?: string | undefined; limit: number },
): Promise<{ events: AuditEventView[]; nextCursor: string | null }> {
  const scope = await auditScope(prisma, viewer);
  const rows = await prisma.auditEvent.findMany({
    where: {
      AND: [scope, filterWhere(input.filter), ...(input.cursor ? [cursorWhere(input.cursor)] : [])],
    },
    orderBy: [...AUDIT_ORDER],
    // One more than asked tells whether another page exists.
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((event) => toView(event, viewer)),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}
