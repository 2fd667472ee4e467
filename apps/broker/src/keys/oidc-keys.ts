/**
 * The broker's OIDC signing keys (purpose OIDC): CURRENT signs, NEXT is published in
 * advance so relying parties already hold it when a rotation promotes it, RETIRED is kept
 * for the record only. Both RS256 (the default, first in discovery) and ES256 exist.
 */
import type { JWK } from "jose";
import type { PrismaClient } from "@lotse/db";
import { generateKey, type KeyAlg } from "./generate-key.js";
import type { Kek } from "./kek.js";
import { decryptPrivateJwk, storeKey, withKeyLock } from "./key-store.js";

export const OIDC_SIGNING_ALGS: readonly KeyAlg[] = ["RS256", "ES256"];

/** Creates CURRENT and NEXT keys for each algorithm where missing (first start). */
export async function ensureOidcKeys(prisma: PrismaClient, kek: Kek): Promise<void> {
  await withKeyLock(prisma, async (tx) => {
    for (const state of ["CURRENT", "NEXT"] as const) {
      for (const alg of OIDC_SIGNING_ALGS) {
        const existing = await tx.signingKey.findFirst({ where: { purpose: "OIDC", state, alg } });
        if (!existing) await storeKey(tx, kek, await generateKey(alg), "OIDC", state);
      }
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
    (state === "CURRENT" ? 0 : 10) + OIDC_SIGNING_ALGS.indexOf(alg as KeyAlg);
  rows.sort(
    (a, b) =>
      rank(a.state, a.alg) - rank(b.state, b.alg) || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  return Promise.all(rows.map((row) => decryptPrivateJwk(kek, row.encryptedPrivateJwk)));
}

/**
 * `keys:rotate`: RETIRED ← CURRENT, CURRENT ← NEXT, a new NEXT, for each algorithm, in one
 * transaction. Running brokers sign with the new CURRENT after their next restart.
 */
export async function rotateOidcKeys(
  prisma: PrismaClient,
  kek: Kek,
): Promise<{ retired: string[]; current: string[]; next: string[] }> {
  return withKeyLock(prisma, async (tx) => {
    const result = { retired: [] as string[], current: [] as string[], next: [] as string[] };
    const now = new Date();
    for (const alg of OIDC_SIGNING_ALGS) {
      const current = await tx.signingKey.findMany({
        where: { purpose: "OIDC", alg, state: "CURRENT" },
      });
      const next = await tx.signingKey.findFirst({
        where: { purpose: "OIDC", alg, state: "NEXT" },
        orderBy: { createdAt: "asc" },
      });
      for (const key of current) {
        await tx.signingKey.update({
          where: { id: key.id },
          data: { state: "RETIRED", retiredAt: now },
        });
        result.retired.push(key.kid);
      }
      if (next) {
        await tx.signingKey.update({
          where: { id: next.id },
          data: { state: "CURRENT", activatedAt: now },
        });
        result.current.push(next.kid);
      } else {
        // No NEXT (e.g. deleted by hand): promote a fresh key rather than leave no CURRENT.
        const fresh = await generateKey(alg);
        await storeKey(tx, kek, fresh, "OIDC", "CURRENT");
        result.current.push(fresh.kid);
      }
      const fresh = await generateKey(alg);
      await storeKey(tx, kek, fresh, "OIDC", "NEXT");
      result.next.push(fresh.kid);
    }
    return result;
  });
}
