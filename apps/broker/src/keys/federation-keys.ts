/**
 * The broker's keys as a relying party in the gematik federation (purpose FEDERATION):
 * an ES256 "sig" key for private_key_jwt client authentication toward insurer IDPs, and a
 * P-256 "enc" key (ECDH-ES) the IDPs encrypt ID tokens to. The public parts are served at
 * GET /federation/jwks, which the IDPs know as the broker's jwks_uri.
 */
import { importJWK, type CryptoKey, type JWK } from "jose";
import type { PrismaClient } from "@lotse/db";
import { withSigningKeyLock } from "@lotse/db/signing-keys";
import { generateKey, type KeyAlg } from "./generate-key.js";
import type { Kek } from "./kek.js";
import { decryptPrivateJwk, storeKey } from "./key-store.js";

const FEDERATION_KEYS: ReadonlyArray<{ alg: KeyAlg; use: "sig" | "enc" }> = [
  { alg: "ES256", use: "sig" },
  { alg: "ECDH-ES", use: "enc" },
];

export interface FederationKeys {
  signing: { kid: string; privateKey: CryptoKey };
  encryption: { kid: string; privateKey: CryptoKey };
}

/** Creates the CURRENT federation keys where missing; generated outside the lock (see ensureOidcKeys). */
export async function ensureFederationKeys(prisma: PrismaClient, kek: Kek): Promise<void> {
  const present = await prisma.signingKey.findMany({
    where: { purpose: "FEDERATION", state: "CURRENT" },
    select: { use: true },
  });
  const missing = FEDERATION_KEYS.filter(({ use }) => !present.some((row) => row.use === use));
  if (missing.length === 0) return;
  const generated = await Promise.all(
    missing.map(async ({ alg, use }) => ({ use, key: await generateKey(alg) })),
  );
  await withSigningKeyLock(prisma, async (tx) => {
    for (const { use, key } of generated) {
      const existing = await tx.signingKey.findFirst({
        where: { purpose: "FEDERATION", state: "CURRENT", use },
      });
      if (!existing) await storeKey(tx, kek, key, "FEDERATION", "CURRENT");
    }
  });
}

/** Public JWKS of the federation keys (CURRENT and NEXT, should a rotation ever stage one). */
export async function federationPublicJwks(prisma: PrismaClient): Promise<{ keys: JWK[] }> {
  const rows = await prisma.signingKey.findMany({
    where: { purpose: "FEDERATION", state: { in: ["CURRENT", "NEXT"] } },
    orderBy: { createdAt: "asc" },
  });
  return { keys: rows.map((row) => row.publicJwk as JWK) };
}

async function loadPrivate(prisma: PrismaClient, kek: Kek, use: "sig" | "enc") {
  const row = await prisma.signingKey.findFirst({
    where: { purpose: "FEDERATION", state: "CURRENT", use },
    orderBy: { createdAt: "desc" },
  });
  if (!row) throw new Error(`no CURRENT federation ${use} key; the broker creates them on start`);
  const jwk = await decryptPrivateJwk(kek, row.encryptedPrivateJwk);
  const privateKey = (await importJWK(jwk, row.alg)) as CryptoKey;
  return { kid: row.kid, privateKey };
}

/**
 * The private federation keys for the upstream clients, decrypted once per process and
 * cached (they do not rotate while the broker runs).
 */
export function createFederationKeyring(
  prisma: PrismaClient,
  kek: Kek,
): () => Promise<FederationKeys> {
  let cached: Promise<FederationKeys> | undefined;
  return () => {
    cached ??= (async () => ({
      signing: await loadPrivate(prisma, kek, "sig"),
      encryption: await loadPrivate(prisma, kek, "enc"),
    }))();
    cached.catch(() => (cached = undefined));
    return cached;
  };
}
