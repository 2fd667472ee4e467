/**
 * Appends hash-chained audit events as the broker does (`appendAuditEvent` from
 * `@lotse/db/audit`), so the portal's queries and the chain check see real rows.
 */
import type { PrismaClient } from "@lotse/db";
import { appendAuditEvent, auditEventFields, type AuditEventDraft } from "@lotse/db/audit";

export type TestAuditEvent = Omit<AuditEventDraft, "outcome"> & {
  outcome?: string;
  time?: Date;
};

export async function appendAuditEvents(prisma: PrismaClient, events: TestAuditEvent[]) {
  for (const { time, outcome, ...event } of events) {
    await appendAuditEvent(
      prisma,
      auditEventFields(
        { ...event, outcome: (outcome ?? "SUCCESS") as AuditEventDraft["outcome"] },
        time ?? new Date(),
      ),
    );
  }
}
