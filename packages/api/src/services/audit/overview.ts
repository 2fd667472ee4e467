/**
 * The audit overview of the last 24 hours: logins per hour (`code.issued`: the broker
 * gave the app a code), the upstream success rate per IDP and per application
 * (`upstream.callback`), and the most frequent error codes. Aggregated in the database.
 */
import { Prisma, type PrismaClient } from "@lotse/db";
import { applicationScope, visibleClientIds, type AuditViewer } from "./scope.js";

const HOUR_MS = 3_600_000;
const HOURS = 24;

interface Rate {
  key: string;
  label: string;
  success: number;
  failure: number;
}

function rates(
  groups: { key: string | null; outcome: "SUCCESS" | "FAILURE"; count: number }[],
  labels: Map<string, string>,
): Rate[] {
  const byKey = new Map<string, Rate>();
  for (const group of groups) {
    const key = group.key ?? "";
    const rate = byKey.get(key) ?? {
      key,
      label: labels.get(key) ?? (key || "(none)"),
      success: 0,
      failure: 0,
    };
    if (group.outcome === "SUCCESS") rate.success += group.count;
    else rate.failure += group.count;
    byKey.set(key, rate);
  }
  return [...byKey.values()].sort((a, b) => b.success + b.failure - (a.success + a.failure));
}

export async function auditOverview(prisma: PrismaClient, viewer: AuditViewer, now = new Date()) {
  const currentHour = Math.floor(now.getTime() / HOUR_MS);
  const firstHour = currentHour - (HOURS - 1);
  const since = new Date(firstHour * HOUR_MS);
  const clientIds = await visibleClientIds(prisma, viewer);
  const scope: Prisma.AuditEventWhereInput =
    clientIds === null ? {} : { clientId: { in: clientIds } };
  const scopeSql =
    clientIds === null
      ? Prisma.empty
      : clientIds.length === 0
        ? Prisma.sql`AND FALSE`
        : Prisma.sql`AND "clientId" IN (${Prisma.join(clientIds)})`;

  // Hours since the epoch: the timestamps are stored in UTC, so no time zone is involved.
  const perHour = await prisma.$queryRaw<{ hour: number; count: number }[]>`
    SELECT floor(extract(epoch FROM "time") / 3600)::int AS hour, count(*)::int AS count
    FROM "AuditEvent"
    WHERE "type" = 'code.issued' AND "time" >= ${since} ${scopeSql}
    GROUP BY 1`;
  const counts = new Map(perHour.map((row) => [Number(row.hour), Number(row.count)]));

  const callbacks: Prisma.AuditEventWhereInput = {
    AND: [scope, { type: "upstream.callback", time: { gte: since } }],
  };
  const [byIdp, byClient, errors, idps, applications] = await Promise.all([
    prisma.auditEvent.groupBy({
      by: ["upstreamIdp", "outcome"],
      where: callbacks,
      _count: { _all: true },
    }),
    prisma.auditEvent.groupBy({
      by: ["clientId", "outcome"],
      where: callbacks,
      _count: { _all: true },
    }),
    prisma.auditEvent.groupBy({
      by: ["errorCode"],
      where: { AND: [scope, { time: { gte: since }, errorCode: { not: null } }] },
      _count: { errorCode: true },
      orderBy: { _count: { errorCode: "desc" } },
      take: 5,
    }),
    prisma.upstreamIdp.findMany({ select: { issuer: true, displayName: true } }),
    prisma.application.findMany({
      where: applicationScope(viewer),
      select: { clientId: true, name: true },
    }),
  ]);

  return {
    since,
    loginsPerHour: Array.from({ length: HOURS }, (_, index) => ({
      hour: new Date((firstHour + index) * HOUR_MS),
      count: counts.get(firstHour + index) ?? 0,
    })),
    byIdp: rates(
      byIdp.map((group) => ({
        key: group.upstreamIdp,
        outcome: group.outcome,
        count: group._count._all,
      })),
      new Map(idps.map((idp) => [idp.issuer, idp.displayName])),
    ),
    byApplication: rates(
      byClient.map((group) => ({
        key: group.clientId,
        outcome: group.outcome,
        count: group._count._all,
      })),
      new Map(applications.map((app) => [app.clientId, app.name])),
    ),
    topErrors: errors.map((group) => ({
      errorCode: group.errorCode ?? "",
      count: group._count.errorCode,
    })),
  };
}
