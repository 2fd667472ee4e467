/**
 * The root of the derived server secrets (derive.ts) across KEK rotations, and the rotation
 * itself. The root must outlive every KEK: the HMAC key of every `sub`, the cookie keys and the
 * keys of stored identities and token ids come from it, and a changed root would change every
 * sub the applications know. So a rotation keeps the old root and stores it in `SecretRoot`,
 * encrypted under the new KEK like the private keys (DESIGN.md §3 "Secrets"). Before the first
 * rotation no row exists and the deployment's first KEK, the one its oldest key is stored
 * under, is the root.
 */
import type { PrismaClient } from "@lotse/db";
import { withSigningKeyLock } from "@lotse/db/signing-keys";
import { decodeProtectedHeader } from "jose";
import { decryptJson, encryptJson } from "./jwe.js";
import { kekFor, type Kek } from "./kek.js";
import { decryptPrivateJwk } from "./key-store.js";

/** What a transaction client and the full client have in common for these queries. */
type RootDb = Pick<PrismaClient, "secretRoot" | "signingKey">;

/** The one row of `SecretRoot`. */
const ROOT_ID = 1;

/** The root is kept as a symmetric JWK (RFC 7518 §6.4), like the private keys are JWKs. */
interface RootJwk {
  kty: "oct";
  k: string;
}

/**
 * The bytes the server secrets are derived from: the stored root, or before the first
 * rotation the KEK the oldest stored key is encrypted under (during the first rotation that
 * may be LOTSE_KEK_PREVIOUS), or on an empty database the KEK itself.
 */
export async function findSecretRoot(db: RootDb, kek: Kek): Promise<Uint8Array> {
  const row = await db.secretRoot.findUnique({ where: { id: ROOT_ID } });
  if (row) {
    const root = await decryptJson<RootJwk>(row.encrypted, kekFor(kek, row.encrypted).key);
    return new Uint8Array(Buffer.from(root.k, "base64url"));
  }
  const oldest = await db.signingKey.findFirst({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { encryptedPrivateJwk: true },
  });
  return oldest ? kekFor(kek, oldest.encryptedPrivateJwk).key : kek.key;
}

/** The KEK with the root its secrets are derived from (read at start-up, like the keys). */
export async function withSecretRoot(prisma: PrismaClient, kek: Kek): Promise<Kek> {
  return { ...kek, root: await findSecretRoot(prisma, kek) };
}

export interface KekRotation {
  /** Kids of the keys now encrypted under the new KEK. */
  reencrypted: string[];
  /** Keys that already were (a repeated run). */
  alreadyCurrent: number;
  /** Whether the secret root was written or re-encrypted (false: it already was). */
  rootWritten: boolean;
}

const kidOf = (jwe: string) => decodeProtectedHeader(jwe).kid;

/**
 * Re-encrypts every stored private key, retired ones too, and the secret root under `kek`
 * (LOTSE_KEK), decrypting each with the KEK its ciphertext names (LOTSE_KEK or
 * LOTSE_KEK_PREVIOUS). One transaction under the signing-key lock, so a broker creating or a
 * CLI rotating keys at the same moment waits, and a key under an unknown KEK rolls all of it
 * back. Idempotent: what is already under `kek` stays as it is.
 */
export async function rotateKek(prisma: PrismaClient, kek: Kek): Promise<KekRotation> {
  return withSigningKeyLock(prisma, async (tx) => {
    // First, while the oldest key still names the KEK it was stored under.
    const root = await findSecretRoot(tx, kek);
    const rows = await tx.signingKey.findMany({
      select: { id: true, kid: true, encryptedPrivateJwk: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const result: KekRotation = { reencrypted: [], alreadyCurrent: 0, rootWritten: false };
    for (const row of rows) {
      if (kidOf(row.encryptedPrivateJwk) === kek.kid) {
        result.alreadyCurrent += 1;
        continue;
      }
      const privateJwk = await decryptPrivateJwk(kek, row.encryptedPrivateJwk);
      await tx.signingKey.update({
        where: { id: row.id },
        data: { encryptedPrivateJwk: await encryptJson(privateJwk, kek.key, kek.kid) },
      });
      result.reencrypted.push(row.kid);
    }
    const stored = await tx.secretRoot.findUnique({ where: { id: ROOT_ID } });
    if (!stored || kidOf(stored.encrypted) !== kek.kid) {
      const jwk: RootJwk = { kty: "oct", k: Buffer.from(root).toString("base64url") };
      const encrypted = await encryptJson(jwk, kek.key, kek.kid);
      await tx.secretRoot.upsert({
        where: { id: ROOT_ID },
        create: { id: ROOT_ID, encrypted },
        update: { encrypted },
      });
      result.rootWritten = true;
    }
    return result;
  });
}
