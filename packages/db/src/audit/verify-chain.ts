/**
 * Walks the whole audit chain in order and re-computes every hash (DESIGN.md §5).
 * Used by `pnpm --filter @lotse/broker audit:verify` and the portal's chain status
 * (`@lotse/db/audit`, so both share one implementation).
 */
import type { PrismaClient } from "../client.js";
import { chainedFieldsOf, chainHash, GENESIS_HASH } from "./hash-chain.js";

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first event that does not fit the chain. */
  brokenAt?: { seq: bigint; id: string; reason: "prev-hash" | "hash" };
}

const BATCH = 1000;

export async function verifyAuditChain(prisma: PrismaClient): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let after: bigint | undefined;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: after === undefined ? {} : { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      if (row.prevHash !== prevHash)
        return { ok: false, checked, brokenAt: { seq: row.seq, id: row.id, reason: "prev-hash" } };
      const expected = chainHash(prevHash, chainedFieldsOf(row));
      if (row.hash !== expected)
        return { ok: false, checked, brokenAt: { seq: row.seq, id: row.id, reason: "hash" } };
      prevHash = row.hash;
      checked += 1;
    }
    if (rows.length < BATCH) return { ok: true, checked };
    after = rows[rows.length - 1]!.seq;
  }
}
