/**
 * Hermes has no Web Crypto. The SDK needs `crypto.getRandomValues` (state, nonce, PKCE
 * verifier) and `crypto.subtle.digest("SHA-256", …)` (the S256 challenge, RFC 7636 §4.2);
 * expo-crypto provides both from the platform's CSPRNG and hash functions.
 */
import { CryptoDigestAlgorithm, digest, getRandomValues } from "expo-crypto";

type Subtle = Pick<SubtleCrypto, "digest">;

const target = globalThis as unknown as { crypto?: { getRandomValues?: unknown; subtle?: Subtle } };
target.crypto ??= {};
target.crypto.getRandomValues ??= getRandomValues;
target.crypto.subtle ??= {
  digest: (algorithm: AlgorithmIdentifier, data: BufferSource) => {
    const name = typeof algorithm === "string" ? algorithm : algorithm.name;
    if (name.toUpperCase() !== "SHA-256") throw new Error(`digest ${name} is not provided`);
    return digest(CryptoDigestAlgorithm.SHA256, data);
  },
};
