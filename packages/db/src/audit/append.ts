/**
 * Appends events at the tail of the audit chain (DESIGN.md §5). Appends from every broker
 * instance are serialised by a transaction-scoped advisory lock, so the chain stays one line
 * even with several instances writing at once. A batch of events takes the lock once and is
 * one INSERT, so the lock is held for the same few round trips whether it carries one event
 * or hundreds (the broker's audit log batches, see apps/broker/src/audit/append-queue.ts).
 */
import { toWellFormedText } from "@lotse/domain";
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
 * Text exactly as PostgreSQL will store it, cut to `max` first. A client controls much of an
 * event (ids, descriptions, user agent), and the hash is taken over these fields: a NUL
 * would make the insert fail, and a lone surrogate (also the half that a cut leaves of a
 * pair) would be stored as U+FFFD and never hash the same again, so the chain would fail to
 * verify for good. Both become U+FFFD here, before the hash (docs/security.md).
 */
function storedText(value: string | null | undefined, max?: number): string | null {
  if (value === null || value === undefined) return null;
  return toWellFormedText(max === undefined ? value : value.slice(0, max));
}

/** The same for every string and key of the details (JSON); other values stay as they are. */
function storedDetails(value: unknown): unknown {
  if (typeof value === "string") return toWellFormedText(value);
  if (Array.isArray(value)) return value.map(storedDetails);
  if (
    value !== null &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [toWellFormedText(key), storedDetails(item)]),
    );
  return value;
}

/**
 * The stored fields of a draft at `time`: absent values become null, the free-text fields
 * are cut to the lengths the log keeps (a client controls both), and all text is as it will
 * be stored (storedText).
 */
export function auditEventFields(draft: AuditEventDraft, time: Date): AuditEventFields {
  return {
    time,
    type: toWellFormedText(draft.type),
    outcome: draft.outcome,
    errorCode: storedText(draft.errorCode),
    errorDescription: storedText(draft.errorDescription, 1000),
    applicationId: storedText(draft.applicationId),
    clientId: storedText(draft.clientId),
    upstreamIdp: storedText(draft.upstreamIdp),
    subject: storedText(draft.subject),
    grantId: storedText(draft.grantId),
    flowId: storedText(draft.flowId),
    clientIp: storedText(draft.clientIp),
    userAgent: storedText(draft.userAgent, 500),
    details: storedDetails(draft.details ?? {}),
  };
}

/** Appends one event; see appendAuditEvents. */
export async function appendAuditEvent(
  prisma: PrismaClient,
  fields: AuditEventFields,
): Promise<void> {
  await appendAuditEvents(prisma, [fields]);
}

/**
 * Appends the events in this order, as one transaction: all of them or none. The rows are
 * one multi-row INSERT, whose `seq` defaults PostgreSQL draws row by row in order, so the
 * chain's order (prevHash) is the order of `seq` that verifyAuditChain walks.
 */
export async function appendAuditEvents(
  prisma: PrismaClient,
  events: readonly AuditEventFields[],
): Promise<void> {
  if (events.length === 0) return;
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
    const last = await tx.auditEvent.findFirst({
      orderBy: { seq: "desc" },
      select: { hash: true },
    });
    let prevHash = last?.hash ?? GENESIS_HASH;
    const rows = events.map((fields) => {
      const hash = chainHash(prevHash, fields);
      const row = { ...fields, details: fields.details as object, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await tx.auditEvent.createMany({ data: rows });
  }, APPEND_TIMEOUTS);
}
