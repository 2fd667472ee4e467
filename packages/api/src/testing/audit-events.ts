/**
 * Appends hash-chained audit events as the broker would (same `chainHash` from
 * `@lotse/db/audit`), so the portal's queries and the chain check see real rows.
 */
import type { PrismaClient } from "@lotse/db";
import { chainHash, GENESIS_HASH, type ChainedFields } from "@lotse/db/audit";

export type TestAuditEvent = Partial<Omit<ChainedFields, "details">> & {
  type: string;
  details?: Record<string, unknown>;
};

export async function appendAuditEvents(prisma: PrismaClient, events: TestAuditEvent[]) {
  const last = await prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  for (const event of events) {
    const fields: ChainedFields = {
      time: event.time ?? new Date(),
      type: event.type,
      outcome: event.outcome ?? "SUCCESS",
      errorCode: event.errorCode ?? null,
      errorDescription: event.errorDescription ?? null,
      applicationId: event.applicationId ?? null,
      clientId: event.clientId ?? null,
      upstreamIdp: event.upstreamIdp ?? null,
      subject: event.subject ?? null,
      grantId: event.grantId ?? null,
      flowId: event.flowId ?? null,
      clientIp: event.clientIp ?? null,
      userAgent: event.userAgent ?? null,
      details: event.details ?? {},
    };
    const hash = chainHash(prevHash, fields);
    await prisma.auditEvent.create({
      data: {
        ...fields,
        outcome: fields.outcome as "SUCCESS" | "FAILURE",
        details: fields.details as object,
        prevHash,
        hash,
      },
    });
    prevHash = hash;
  }
}
