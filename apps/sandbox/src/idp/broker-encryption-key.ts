import { importJWK, type CryptoKey, type JWK } from "jose";

/**
 * The broker's ID token encryption key from its jwks_uri (the `use: "enc"` EC key for
 * ECDH-ES). Only the simulations that re-mint an ID token need it; oidc-provider finds
 * the key itself for normal tokens.
 */
export async function fetchBrokerEncryptionKey(
  jwksUri: string,
): Promise<{ key: CryptoKey; kid: string | undefined }> {
  const response = await fetch(jwksUri, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`broker JWKS answered ${response.status}`);
  const { keys } = (await response.json()) as { keys?: JWK[] };
  const jwk = keys?.find(
    (k) => k.use === "enc" && k.kty === "EC" && (k.alg === undefined || k.alg === "ECDH-ES"),
  );
  if (!jwk) throw new Error("broker JWKS has no EC key with use=enc");
  return { key: (await importJWK(jwk, "ECDH-ES")) as CryptoKey, kid: jwk.kid };
}
