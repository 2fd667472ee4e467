/**
 * Whether the audit hash chain verifies (DESIGN.md §5). Admins only.
 *
 * Re-hashing the whole log on every visit does not scale to millions of events, so a
 * checkpoint remembers the last event known to fit; a status check verifies only the events
 * appended after it. Events before the checkpoint are trusted until an admin asks for a full
 * re-verification, which walks from the start again and catches changes to old rows.
 *
 * The checkpoint is a one-row table (AuditChainCheckpoint), not a cache in process memory:
 * the portal keeps no state a second instance would need (DESIGN.md §3), so every instance
 * shares one checkpoint and a restart does not mean re-hashing the whole log. A break found by
 * the full re-verification moves the checkpoint back to the last event before it, so every
 * later status check finds the same break again until the log is repaired.
 */
import type { PrismaClient } from "@lotse/db";
import { GENESIS_HASH, verifyAuditChain, type ChainPosition } from "@lotse/db/audit";

const CHECKPOINT_ID = 1;

/** Where verification resumes: the last event that fit, and how many events led up to it. */
interface Checkpoint {
  seq: bigint;
  hash: string;
  checked: bigint;
}

/** No event verified yet: the walk starts at the first event (seqs start at 1). */
const START: Checkpoint = { seq: 0n, hash: GENESIS_HASH, checked: 0n };

type VerifiedReport = Awaited<ReturnType<typeof verifyAuditChain>>;
/** A walk's report, or the checkpoint's own event gone or changed ("checkpoint"). */
type ChainReport = Omit<VerifiedReport, "brokenAt"> & {
  brokenAt?: { seq: bigint; id: string; reason: "prev-hash" | "hash" | "checkpoint" };
};

function statusOf(
  report: ChainReport,
  before: bigint,
  verifiedAt: Date,
  fullyVerifiedAt: Date | null,
) {
  return {
    ok: report.ok,
    checked: Number(before) + report.checked,
    checkedNow: report.checked,
    verifiedAt,
    fullyVerifiedAt,
    ...(report.brokenAt
      ? { brokenAt: { ...report.brokenAt, seq: report.brokenAt.seq.toString() } }
      : {}),
  };
}

/**
 * Moves the checkpoint from `expected` to `next`, unless someone else moved it meanwhile
 * (another instance's check, or a full re-verification that found a break): a compare-and-set,
 * so a slower check never overwrites a newer or a rolled-back position.
 */
async function advance(
  prisma: PrismaClient,
  expected: Checkpoint | null,
  next: { position: ChainPosition | null; checked: bigint; verifiedAt: Date },
): Promise<boolean> {
  const data = {
    ...(next.position
      ? { seq: next.position.seq, eventId: next.position.id, hash: next.position.hash }
      : {}),
    checked: next.checked,
    verifiedAt: next.verifiedAt,
  };
  if (expected === null) {
    const created = await prisma.auditChainCheckpoint.createMany({
      data: [{ id: CHECKPOINT_ID, seq: START.seq, hash: START.hash, ...data }],
      skipDuplicates: true,
    });
    return created.count === 1;
  }
  const updated = await prisma.auditChainCheckpoint.updateMany({
    where: { id: CHECKPOINT_ID, seq: expected.seq, hash: expected.hash },
    data,
  });
  return updated.count === 1;
}

/** Verifies the events appended since the last check, and moves the checkpoint past them. */
export async function auditChainStatus(prisma: PrismaClient) {
  const stored = await prisma.auditChainCheckpoint.findUnique({ where: { id: CHECKPOINT_ID } });
  const start = stored ?? START;
  // The walk resumes after the checkpoint's event, so it would never notice that this event
  // (and everything after it) was deleted or rewritten: check the anchor itself first.
  if (stored && stored.seq > 0n) {
    const anchor = await prisma.auditEvent.findUnique({
      where: { seq: stored.seq },
      select: { hash: true },
    });
    if (anchor?.hash !== stored.hash) {
      const report: ChainReport = {
        ok: false,
        checked: 0,
        brokenAt: { seq: stored.seq, id: stored.eventId ?? "", reason: "checkpoint" },
      };
      return statusOf(report, start.checked, new Date(), stored.fullyVerifiedAt);
    }
  }
  let expected: Checkpoint | null = stored;
  // Once another check has moved the checkpoint, this one only reports and stops saving.
  let owner = true;
  const report = await verifyAuditChain(prisma, {
    from: { seq: start.seq, hash: start.hash },
    onProgress: async ({ checked, last }) => {
      if (!owner) return;
      const total = start.checked + BigInt(checked);
      owner = await advance(prisma, expected, {
        position: last,
        checked: total,
        verifiedAt: new Date(),
      });
      if (owner) expected = { seq: last.seq, hash: last.hash, checked: total };
    },
  });
  const verifiedAt = new Date();
  // Nothing new (or the progress above is saved): still record that a check ran.
  if (owner)
    await advance(prisma, expected, {
      position: null,
      checked: (expected ?? START).checked,
      verifiedAt,
    });
  return statusOf(report, start.checked, verifiedAt, stored?.fullyVerifiedAt ?? null);
}

/**
 * Re-hashes the whole chain from its first event, for tampering with events before the
 * checkpoint; then sets the checkpoint to the last event that fit. Takes as long as the log.
 */
export async function reverifyAuditChain(prisma: PrismaClient) {
  // Written by the walk's progress callback: the last event that fit.
  const seen: { last?: ChainPosition } = {};
  const report = await verifyAuditChain(prisma, {
    onProgress: async (progress) => {
      seen.last = progress.last;
    },
  });
  const now = new Date();
  const position = seen.last ?? { seq: START.seq, id: null, hash: START.hash };
  const data = {
    seq: position.seq,
    eventId: position.id,
    hash: position.hash,
    checked: BigInt(report.checked),
    verifiedAt: now,
    fullyVerifiedAt: now,
  };
  // Unconditional: this walk started from nothing it trusted, so it wins over any checkpoint.
  await prisma.auditChainCheckpoint.upsert({
    where: { id: CHECKPOINT_ID },
    create: { id: CHECKPOINT_ID, ...data },
    update: data,
  });
  return statusOf(report, 0n, now, now);
}
