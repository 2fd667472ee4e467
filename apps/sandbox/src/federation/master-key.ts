import { importJWK, type CryptoKey, type JWK } from "jose";
import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";
import type { SigningKey } from "../keys/signing-key.js";

/**
 * The federation master's signing key: a published test key, not a secret. Every other
 * sandbox key is made at start-up, but a trust anchor is pinned by configuration
 * (OpenID Federation 1.0 §1.2), so the master's key must be known before the sandbox runs:
 * its public half is @lotse/domain's SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS, which a
 * development broker pins by default and a production broker refuses.
 */
const MASTER_PRIVATE_JWK: JWK = {
  ...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys[0],
  d: "wUZ4smFWk0hJ7j1PS9L5ldR1SOegX5SgtK77IonmHls",
};

export async function fedmasterSigningKey(): Promise<SigningKey> {
  const { d: _d, ...publicJwk } = MASTER_PRIVATE_JWK;
  return {
    kid: MASTER_PRIVATE_JWK.kid!,
    privateKey: (await importJWK(MASTER_PRIVATE_JWK, "ES256")) as CryptoKey,
    privateJwk: MASTER_PRIVATE_JWK,
    publicJwk,
  };
}
