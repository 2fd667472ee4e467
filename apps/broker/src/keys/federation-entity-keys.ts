/**
 * The broker's federation entity key (purpose FEDERATION_ENTITY, ES256): signs the broker's
 * entity configuration at /.well-known/openid-federation (OpenID Federation 1.0 §3), which
 * the federation master and the insurers verify with the keys the master's statement about
 * the broker names. Separate from the client-auth and encryption keys (federation-keys.ts).
 *
 * Rotated like the OIDC keys: CURRENT signs, NEXT is published in advance, RETIRED is kept
 * for the record. In a real federation the master learns the entity keys at registration,
 * so NEXT must be registered there before a rotation promotes it (docs/federation.md).
 */
import { importJWK, type CryptoKey, type JWK } from "jose";
import type { PrismaClient } from "@lotse/db";
import { withSigningKeyLock } from "@lotse/db/signing-keys";
import { generateKey } from "./generate-key.js";
import type { Kek } from "./kek.js";
import { decryptPrivateJwk, storeKey } from "./key-store.js";

const PURPOSE = "FEDERATION_ENTITY";

export interface FederationEntityKeys {
  signing: { kid: string; privateKey: CryptoKey };
  /** CURRENT then NEXT, public parts: the `jwks` of the entity configuration. */
  publicJwks: { keys: JWK[] };
}

/** Creates CURRENT and NEXT where missing; generated outside the lock (see ensureOidcKeys). */
export async function ensureFederationEntityKeys(prisma: PrismaClient, kek: Kek): Promise<void> {
  const present = await prisma.signingKey.findMany({
    where: { purpose: PURPOSE, state: { in: ["CURRENT", "NEXT"] } },
    select: { state: true },
  });
  const missing = (["CURRENT", "NEXT"] as const).filter(
    (state) => !present.some((row) => row.state === state),
  );
  if (missing.length === 0) return;
  const generated = await Promise.all(
    missing.map(async (state) => ({ state, key: await generateKey("ES256") })),
  );
  await withSigningKeyLock(prisma, async (tx) => {
    for (const { state, key } of generated) {
      const existing = await tx.signingKey.findFirst({ where: { purpose: PURPOSE, state } });
      if (!existing) await storeKey(tx, kek, key, PURPOSE, state);
    }
  });
}

/** Read once at start, like the OIDC keys: a rotation takes effect at the next restart. */
export async function loadFederationEntityKeys(
  prisma: PrismaClient,
  kek: Kek,
): Promise<FederationEntityKeys> {
  const rows = await prisma.signingKey.findMany({
    where: { purpose: PURPOSE, state: { in: ["CURRENT", "NEXT"] } },
    orderBy: { createdAt: "asc" },
  });
  const current = rows.filter((row) => row.state === "CURRENT").at(-1);
  if (!current) throw new Error("no CURRENT federation entity key; the broker creates it on start");
  const jwk = await decryptPrivateJwk(kek, current.encryptedPrivateJwk);
  const ordered = [current, ...rows.filter((row) => row.state === "NEXT")];
  return {
    signing: { kid: current.kid, privateKey: (await importJWK(jwk, "ES256")) as CryptoKey },
    publicJwks: { keys: ordered.map((row) => row.publicJwk as JWK) },
  };
}

/**
 * `keys:rotate federation-entity`: RETIRED ← CURRENT, CURRENT ← NEXT, and a new NEXT, in one
 * transaction under the signing-key lock. Without a NEXT a fresh CURRENT is made.
 */
export async function rotateFederationEntityKeys(
  prisma: PrismaClient,
  kek: Kek,
): Promise<{ retired: string[]; current: string[]; next: string[] }> {
  // Generated before the transaction, which must stay short (see ensureOidcKeys).
  const [fresh, spare] = await Promise.all([generateKey("ES256"), generateKey("ES256")]);
  return withSigningKeyLock(prisma, async (tx) => {
    const now = new Date();
    const currentRows = await tx.signingKey.findMany({
      where: { purpose: PURPOSE, state: "CURRENT" },
      select: { id: true, kid: true },
    });
    const next = await tx.signingKey.findFirst({
      where: { purpose: PURPOSE, state: "NEXT" },
      orderBy: { createdAt: "asc" },
      select: { id: true, kid: true },
    });
    for (const row of currentRows)
      await tx.signingKey.update({
        where: { id: row.id },
        data: { state: "RETIRED", retiredAt: now },
      });
    let current: string;
    if (next) {
      await tx.signingKey.update({
        where: { id: next.id },
        data: { state: "CURRENT", activatedAt: now },
      });
      current = next.kid;
    } else {
      await storeKey(tx, kek, spare, PURPOSE, "CURRENT");
      current = spare.kid;
    }
    await storeKey(tx, kek, fresh, PURPOSE, "NEXT");
    return { retired: currentRows.map((row) => row.kid), current: [current], next: [fresh.kid] };
  });
}
