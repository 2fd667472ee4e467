/**
 * Appends hash-chained audit events as the broker does (`appendAuditEvent` from
 * `@lotse/db/audit`), so the portal's queries and the chain check see real rows.
 */
import type { PrismaClient } from "@lotse/db";
import { appendAuditEvent, type ChainedFields } from "@lotse/db/audit";

export type TestAuditEvent = Partial<Omit<ChainedFields, "details">> & {
  type: string;
  details?: Record<string, unknown>;
};

export async function appendAuditEvents(prisma: PrismaClient, events: TestAuditEvent[]) {
  for (const event of events) {
    await appendAuditEvent(prisma, {
      time: event.time ?? new Date(),
      type: event.type,
      outcome: (event.outcome ?? "SUCCESS") as "SUCCESS" | "FAILURE",
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
    });
  }
}
