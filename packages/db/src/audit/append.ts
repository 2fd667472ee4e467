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
