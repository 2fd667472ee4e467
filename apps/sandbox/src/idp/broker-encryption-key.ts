import { importJWK, type CryptoKey, type JWK } from "jose";

/**
 * The broker's ID token encryption key from its registered JWKS (the `use: "enc"` EC key
 * for ECDH-ES, from its entity configuration). Only the simulations that re-mint an ID
 * token need it; oidc-provider finds the key itself for normal tokens.
 */
export async function brokerEncryptionKey(
  jwks: { keys?: readonly object[] } | undefined,
): Promise<{ key: CryptoKey; kid: string | undefined }> {
  const keys = (jwks?.keys ?? []) as readonly JWK[];
  const jwk = keys.find(
    (k) => k.use === "enc" && k.kty === "EC" && (k.alg === undefined || k.alg === "ECDH-ES"),
  );
  if (!jwk) throw new Error("the broker's JWKS has no EC key with use=enc");
  return { key: (await importJWK(jwk, "ECDH-ES")) as CryptoKey, kid: jwk.kid };
}
