/**
 * Walks the audit chain in order and re-computes every hash (DESIGN.md §5), from the start
 * or from a position already known to be good (so a status check re-hashes only the events
 * appended since). Used by `pnpm --filter @lotse/broker audit:verify` and the portal's chain
 * status (`@lotse/db/audit`, so both share one implementation).
 */
import type { PrismaClient } from "../client.js";
import { chainedFieldsOf, chainHash, GENESIS_HASH } from "./hash-chain.js";

/** An event in the chain that fit: where a later walk may resume. */
export interface ChainPosition {
  seq: bigint;
  id: string;
  hash: string;
}

export interface ChainReport {
  ok: boolean;
  /** Events verified by this walk (not counting those before `from`). */
  checked: number;
  /** The first event that does not fit the chain. */
  brokenAt?: { seq: bigint; id: string; reason: "prev-hash" | "hash" };
}

export interface VerifyOptions {
  /** Resume after this event, trusting it and everything before it. */
  from?: { seq: bigint; hash: string };
  /**
   * Called with the last event that fit after every batch and before reporting a break, e.g.
   * to save progress on a long walk; only when this walk verified something new.
   */
  onProgress?: (progress: { checked: number; last: ChainPosition }) => Promise<void>;
}

const BATCH = 1000;

export async function verifyAuditChain(
  prisma: PrismaClient,
  options: VerifyOptions = {},
): Promise<ChainReport> {
  let prevHash = options.from?.hash ?? GENESIS_HASH;
  let after = options.from?.seq;
  let checked = 0;
  let last: ChainPosition | undefined;
  let reported: ChainPosition | undefined;
  const progress = async () => {
    if (!last || last === reported) return;
    reported = last;
    await options.onProgress?.({ checked, last });
  };
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: after === undefined ? {} : { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const reason =
        row.prevHash !== prevHash
          ? "prev-hash"
          : row.hash !== chainHash(prevHash, chainedFieldsOf(row))
            ? "hash"
            : null;
      if (reason) {
        await progress();
        return { ok: false, checked, brokenAt: { seq: row.seq, id: row.id, reason } };
      }
      prevHash = row.hash;
      checked += 1;
      last = { seq: row.seq, id: row.id, hash: row.hash };
    }
    await progress();
    if (rows.length < BATCH) return { ok: true, checked };
    after = rows[rows.length - 1]!.seq;
  }
}
