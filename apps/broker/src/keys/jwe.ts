/**
 * Encryption at rest with a symmetric key: JWE compact, `dir` + A256GCM (RFC 7516/7518),
 * the key's id in the protected header so a reader can tell which key it needs.
 *
 * Given the key's bytes, jose imports a WebCrypto key on every call, which was about 6 % of
 * the broker's CPU in a refresh (issue 16: an account is decrypted per token request). So each
 * key is imported once, as a non-extractable AES-GCM key, and kept for as long as its bytes
 * are (a WeakMap: the keys are the long-lived KEK and derived keys, never changed in place).
 * The ciphertext is the same JWE as before, either way round.
 */
import { CompactEncrypt, compactDecrypt, type CryptoKey } from "jose";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A256GCM's key length (RFC 7518 §5.3); other lengths go to jose, which refuses them. */
const A256GCM_KEY_BYTES = 32;

const imported = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function cryptoKeyOf(key: Uint8Array): Promise<CryptoKey> | Uint8Array {
  if (key.byteLength !== A256GCM_KEY_BYTES) return key;
  let cryptoKey = imported.get(key);
  if (!cryptoKey) {
    // A copy with its own ArrayBuffer, which WebCrypto's types ask for (imported once per key).
    cryptoKey = crypto.subtle.importKey("raw", Uint8Array.from(key), "AES-GCM", false, [
      "encrypt",
      "decrypt",
    ]);
    imported.set(key, cryptoKey);
    cryptoKey.catch(() => imported.delete(key));
  }
  return cryptoKey;
}

export async function encryptJson(value: unknown, key: Uint8Array, kid: string): Promise<string> {
  return new CompactEncrypt(encoder.encode(JSON.stringify(value)))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .encrypt(await cryptoKeyOf(key));
}

export async function decryptJson<T>(jwe: string, key: Uint8Array): Promise<T> {
  const { plaintext } = await compactDecrypt(jwe, await cryptoKeyOf(key), {
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  return JSON.parse(decoder.decode(plaintext)) as T;
}
