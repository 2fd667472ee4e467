/**
 * Appends one event at the tail of the audit chain (DESIGN.md §5). Appends from every
 * broker instance are serialised by a transaction-scoped advisory lock, so the chain
 * stays one line even with several instances writing at once.
 */
import type { PrismaClient } from "../client.js";
import { chainHash, GENESIS_HASH, type ChainedFields } from "./hash-chain.js";

/** Arbitrary, fixed: the advisory lock key that guards the chain's tail. */
const AUDIT_CHAIN_LOCK = 7_401_733;

// Appends queue on the lock; under a burst the last in line waits for all the others,
// which Prisma's default 2 s / 5 s would turn into lost events.
const APPEND_TIMEOUTS = { maxWait: 30_000, timeout: 30_000 };

export type AuditEventFields = ChainedFields & { outcome: "SUCCESS" | "FAILURE" };

/** An event as callers describe it: type and outcome, the rest optional. */
export type AuditEventDraft = Pick<AuditEventFields, "type" | "outcome"> &
  Partial<Omit<AuditEventFields, "type" | "outcome" | "time">>;

/**
 * The stored fields of a draft at `time`: absent values become null, and the free-text
 * fields are cut to the lengths the log keeps (a client controls both).
 */
export function auditEventFields(draft: AuditEventDraft, time: Date): AuditEventFields {
  return {
    time,
    type: draft.type,
    outcome: draft.outcome,
    errorCode: draft.errorCode ?? null,
    errorDescription: draft.errorDescription?.slice(0, 1000) ?? null,
    applicationId: draft.applicationId ?? null,
    clientId: draft.clientId ?? null,
    upstreamIdp: draft.upstreamIdp ?? null,
    subject: draft.subject ?? null,
    grantId: draft.grantId ?? null,
    flowId: draft.flowId ?? null,
    clientIp: draft.clientIp ?? null,
    userAgent: draft.userAgent?.slice(0, 500) ?? null,
    details: draft.details ?? {},
  };
}

export async function appendAuditEvent(
  prisma: PrismaClient,
  fields: AuditEventFields,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
    const last = await tx.auditEvent.findFirst({
      orderBy: { seq: "desc" },
      select: { hash: true },
    });
    const prevHash = last?.hash ?? GENESIS_HASH;
    await tx.auditEvent.create({
      data: {
        ...fields,
        details: fields.details as object,
        prevHash,
        hash: chainHash(prevHash, fields),
      },
    });
  }, APPEND_TIMEOUTS);
}
