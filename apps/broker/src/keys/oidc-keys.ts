/**
 * The broker's OIDC signing keys (purpose OIDC): CURRENT signs, NEXT is published in
 * advance so relying parties already hold it when a rotation promotes it, RETIRED is kept
 * for the record only. Both RS256 (the default, first in discovery) and ES256 exist.
 */
import type { JWK } from "jose";
import type { PrismaClient } from "@lotse/db";
import {
  OIDC_SIGNING_ALGS,
  oidcAlgsAwaitingNext,
  promoteOidcKeys,
  withSigningKeyLock,
  type OidcSigningAlg,
} from "@lotse/db/signing-keys";
import { generateKey } from "./generate-key.js";
import type { Kek } from "./kek.js";
import { decryptPrivateJwk, storeKey } from "./key-store.js";

/**
 * Creates CURRENT and NEXT keys for each algorithm where missing (first start). The keys
 * are generated before the lock's transaction: RSA generation takes seconds on a busy
 * machine, and an interactive transaction ends after five. Under the lock each is stored
 * only if no other instance stored one meanwhile.
 */
export async function ensureOidcKeys(prisma: PrismaClient, kek: Kek): Promise<void> {
  const wanted = (["CURRENT", "NEXT"] as const).flatMap((state) =>
    OIDC_SIGNING_ALGS.map((alg) => ({ state, alg })),
  );
  const present = await prisma.signingKey.findMany({
    where: { purpose: "OIDC", state: { in: ["CURRENT", "NEXT"] } },
    select: { state: true, alg: true },
  });
  const missing = wanted.filter(
    ({ state, alg }) => !present.some((row) => row.state === state && row.alg === alg),
  );
  if (missing.length === 0) return;
  const generated = await Promise.all(
    missing.map(async (slot) => ({ ...slot, key: await generateKey(slot.alg) })),
  );
  await withSigningKeyLock(prisma, async (tx) => {
    for (const { state, alg, key } of generated) {
      const existing = await tx.signingKey.findFirst({ where: { purpose: "OIDC", state, alg } });
      if (!existing) await storeKey(tx, kek, key, "OIDC", state);
    }
  });
}

/**
 * Private JWKs for oidc-provider's `jwks`, CURRENT before NEXT: oidc-provider signs with
 * the first key that fits the algorithm, and its JWKS endpoint publishes the public part
 * of all of them.
 */
export async function loadOidcSigningJwks(prisma: PrismaClient, kek: Kek): Promise<JWK[]> {
  const rows = await prisma.signingKey.findMany({
    where: { purpose: "OIDC", state: { in: ["CURRENT", "NEXT"] } },
  });
  const rank = (state: string, alg: string) =>
    (state === "CURRENT" ? 0 : 10) + OIDC_SIGNING_ALGS.indexOf(alg as OidcSigningAlg);
  rows.sort(
    (a, b) =>
      rank(a.state, a.alg) - rank(b.state, b.alg) || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  return Promise.all(rows.map((row) => decryptPrivateJwk(kek, row.encryptedPrivateJwk)));
}

/**
 * `keys:rotate`: RETIRED ← CURRENT, CURRENT ← NEXT (`promoteOidcKeys`, shared with the
 * portal's admin console), then a new NEXT, for each algorithm, in one transaction. Running
 * brokers sign with the new CURRENT after their next restart.
 */
export async function rotateOidcKeys(
  prisma: PrismaClient,
  kek: Kek,
  options: { refuseWhileAwaitingNext?: boolean } = {},
): Promise<{ retired: string[]; current: string[]; next: string[] }> {
  // Generated before the transaction, which must stay short (see ensureOidcKeys).
  const nextKeys = await Promise.all(OIDC_SIGNING_ALGS.map((alg) => generateKey(alg)));
  return withSigningKeyLock(prisma, async (tx) => {
    // Checked under the lock, so a console rotation cannot slip in between check and promote.
    const awaiting = options.refuseWhileAwaitingNext ? await oidcAlgsAwaitingNext(tx) : [];
    if (awaiting.length > 0)
      throw new Error(
        `a rotation is waiting for the broker to restart (no next key for ${awaiting.join(", ")}): ` +
          "restart the broker instances, then rotate again",
      );
    const { retired, current, withoutNext } = await promoteOidcKeys(tx, new Date());
    // No NEXT (e.g. deleted by hand): promote a fresh key rather than leave no CURRENT.
    for (const alg of withoutNext) {
      const fresh = await generateKey(alg);
      await storeKey(tx, kek, fresh, "OIDC", "CURRENT");
      current.push(fresh.kid);
    }
    const next: string[] = [];
    for (const fresh of nextKeys) {
      await storeKey(tx, kek, fresh, "OIDC", "NEXT");
      next.push(fresh.kid);
    }
    return { retired, current, next };
  });
}
