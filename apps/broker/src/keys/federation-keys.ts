/**
 * The broker's keys as a relying party in the gematik federation (purpose FEDERATION):
 * an ES256 "sig" key for private_key_jwt client authentication toward insurer IDPs, and a
 * P-256 "enc" key (ECDH-ES) the IDPs encrypt ID tokens to. The public parts are served at
 * GET /federation/jwks, which the IDPs know as the broker's jwks_uri. The "sig" key is also
 * the broker's TLS client key toward insurers that want `self_signed_tls_client_auth`
 * (RFC 8705 §2.2): its public JWK carries the self-signed certificate as `x5c`
 * (tls-client-certificate.ts).
 */
import { importJWK, type CryptoKey, type JWK } from "jose";
import type { Prisma, PrismaClient } from "@lotse/db";
import { withSigningKeyLock } from "@lotse/db/signing-keys";
import { generateKey, type GeneratedKey, type KeyAlg } from "./generate-key.js";
import type { Kek } from "./kek.js";
import { decryptPrivateJwk, storeKey } from "./key-store.js";
import { selfSignedCertificate, tlsClientCredentials, x5cOf } from "./tls-client-certificate.js";

const FEDERATION_KEYS: ReadonlyArray<{ alg: KeyAlg; use: "sig" | "enc" }> = [
  { alg: "ES256", use: "sig" },
  { alg: "ECDH-ES", use: "enc" },
];

export interface FederationKeys {
  signing: {
    kid: string;
    privateKey: CryptoKey;
    /** The TLS client key and certificate (PEM) for `self_signed_tls_client_auth`. */
    tls?: { key: string; cert: string } | undefined;
  };
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
    missing.map(async ({ alg, use }) => ({
      use,
      key: await withCertificate(await generateKey(alg)),
    })),
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

/** A "sig" key's public JWK with its self-signed TLS client certificate (RFC 8705 §2.2). */
async function withCertificate(key: GeneratedKey): Promise<GeneratedKey> {
  if (key.use !== "sig") return key;
  const x5c = [await selfSignedCertificate(key.privateJwk, key.publicJwk)];
  return { ...key, publicJwk: { ...key.publicJwk, x5c } };
}

/**
 * Gives a federation "sig" key created before the broker spoke mTLS its certificate, under the
 * signing-key lock so that instances starting together store one certificate, not each its own.
 */
export async function ensureFederationCertificates(prisma: PrismaClient, kek: Kek): Promise<void> {
  const uncertified: Prisma.SigningKeyWhereInput = {
    purpose: "FEDERATION",
    use: "sig",
    state: { in: ["CURRENT", "NEXT"] },
  };
  const rows = await prisma.signingKey.findMany({
    where: uncertified,
    select: { publicJwk: true },
  });
  if (rows.every((row) => x5cOf(row.publicJwk))) return;
  await withSigningKeyLock(prisma, async (tx) => {
    for (const row of await tx.signingKey.findMany({ where: uncertified })) {
      if (x5cOf(row.publicJwk)) continue;
      const publicJwk = row.publicJwk as JWK;
      const privateJwk = await decryptPrivateJwk(kek, row.encryptedPrivateJwk);
      const x5c = [await selfSignedCertificate(privateJwk, publicJwk)];
      await tx.signingKey.update({
        where: { id: row.id },
        data: { publicJwk: { ...publicJwk, x5c } as object },
      });
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
  const x5c = use === "sig" ? x5cOf(row.publicJwk) : undefined;
  return { kid: row.kid, privateKey, ...(x5c ? { tls: tlsClientCredentials(jwk, x5c) } : {}) };
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
