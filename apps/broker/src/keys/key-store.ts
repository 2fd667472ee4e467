/**
 * Reading and writing rows of `SigningKey`: the private JWK only ever leaves this file
 * encrypted with the KEK (DESIGN.md §3 "Secrets"). The lock that serialises key creation
 * and rotation is `withSigningKeyLock` from `@lotse/db/signing-keys`, shared with the portal.
 */
import type { JWK } from "jose";
import type { KeyPurpose, PrismaClient, SigningKeyState } from "@lotse/db";
import type { GeneratedKey } from "./generate-key.js";
import { decryptJson, encryptJson } from "./jwe.js";
import { kekFor, type Kek } from "./kek.js";

/** What a transaction client and the full client have in common for our queries. */
type KeyDb = Pick<PrismaClient, "signingKey">;

export async function storeKey(
  db: KeyDb,
  kek: Kek,
  key: GeneratedKey,
  purpose: KeyPurpose,
  state: SigningKeyState,
): Promise<void> {
  await db.signingKey.create({
    data: {
      kid: key.kid,
      alg: key.alg,
      use: key.use,
      purpose,
      state,
      publicJwk: key.publicJwk as object,
      encryptedPrivateJwk: await encryptJson(key.privateJwk, kek.key, kek.kid),
      activatedAt: state === "CURRENT" ? new Date() : null,
    },
  });
}

/** Decrypts with the KEK named in the ciphertext: LOTSE_KEK or, during a rotation, the previous. */
export function decryptPrivateJwk(kek: Kek, encrypted: string): Promise<JWK> {
  return decryptJson<JWK>(encrypted, kekFor(kek, encrypted).key);
}
