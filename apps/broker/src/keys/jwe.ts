/**
 * Encryption at rest with a symmetric key: JWE compact, `dir` + A256GCM (RFC 7516/7518),
 * the key's id in the protected header so a reader can tell which key it needs.
 */
import { CompactEncrypt, compactDecrypt } from "jose";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function encryptJson(value: unknown, key: Uint8Array, kid: string): Promise<string> {
  return new CompactEncrypt(encoder.encode(JSON.stringify(value)))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .encrypt(key);
}

export async function decryptJson<T>(jwe: string, key: Uint8Array): Promise<T> {
  const { plaintext } = await compactDecrypt(jwe, key, {
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  return JSON.parse(decoder.decode(plaintext)) as T;
}
