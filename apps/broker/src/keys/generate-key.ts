/** Fresh asymmetric key pairs as JWKs, kid = RFC 7638 thumbprint. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

export type KeyAlg = "RS256" | "ES256" | "ECDH-ES";

export interface GeneratedKey {
  kid: string;
  alg: KeyAlg;
  use: "sig" | "enc";
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateKey(alg: KeyAlg): Promise<GeneratedKey> {
  const use = alg === "ECDH-ES" ? "enc" : "sig";
  const { privateKey, publicKey } =
    alg === "RS256"
      ? await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 })
      : // ECDH-ES on P-256: the curve gematik's sectoral IDPs encrypt ID tokens to.
        await generateKeyPair(alg, {
          extractable: true,
          ...(alg === "ECDH-ES" ? { crv: "P-256" } : {}),
        });
  const publicPart = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicPart);
  const meta = { kid, alg, use };
  return {
    kid,
    alg,
    use,
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...publicPart, ...meta },
  };
}
