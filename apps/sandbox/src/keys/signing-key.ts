import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";

/** One ES256 key pair, held only in memory. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The private key as JWK, for oidc-provider's `jwks` configuration. */
  privateJwk: JWK;
  /** The public half as published in a JWKS. */
  publicJwk: JWK;
}

/**
 * Generates a fresh ES256 signing key. The sandbox plays the outside world, so its keys
 * are made at start-up and never stored: every restart rotates them, which exercises
 * the broker's JWKS refresh the way a real IDP's key roll-over would.
 */
export async function generateSigningKey(owner: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `${owner}-${randomUUID()}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig" };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  return { kid, privateKey, privateJwk, publicJwk };
}
