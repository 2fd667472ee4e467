/** Encryption at rest (jwe.ts): the same JWE whether the key is imported once or per call. */
import { compactDecrypt, decodeProtectedHeader, errors } from "jose";
import { describe, expect, test } from "vitest";
import { decryptJson, encryptJson } from "./jwe.js";

const key = Uint8Array.from({ length: 32 }, (_, i) => i);
const value = { sub: "stored-before", n: 1 };

/**
 * `value` encrypted under `key` by jwe.ts before it kept imported keys (commit f490a37), as
 * accounts, CIBA requests and private keys are stored in existing databases.
 */
const STORED_BEFORE =
  "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiYWNjb3VudCJ9..XJ6ze2qY_OIQNtzi.Lz77j4j1IQwBU6IO8KKMI--1tzryribmZdL0Ll4.HsvTxRRwpmKmZ4DINozbhg";

describe("encryptJson / decryptJson", () => {
  test("round trip, also many times with one key", async () => {
    for (let i = 0; i < 3; i++) {
      const jwe = await encryptJson({ ...value, i }, key, "account");
      expect(await decryptJson(jwe, key)).toEqual({ ...value, i });
    }
  });

  test("reads what the earlier code stored", async () => {
    expect(await decryptJson(STORED_BEFORE, key)).toEqual(value);
  });

  test("writes what the earlier code reads: dir + A256GCM under the raw key bytes", async () => {
    const jwe = await encryptJson(value, key, "account");
    expect(decodeProtectedHeader(jwe)).toEqual({ alg: "dir", enc: "A256GCM", kid: "account" });
    // What the earlier decryptJson did: the key's bytes handed to jose.
    const { plaintext } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
    });
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual(value);
  });

  test("refuses another key, also one imported before", async () => {
    const other = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    // Warm the other key's import, so the refusal is not only the first call's.
    await decryptJson(await encryptJson(value, other, "other"), other);
    await expect(decryptJson(STORED_BEFORE, other)).rejects.toThrow(errors.JWEDecryptionFailed);
    const jwe = await encryptJson(value, key, "account");
    await expect(decryptJson(jwe, other)).rejects.toThrow(errors.JWEDecryptionFailed);
    // Equal bytes in another array are the same key.
    expect(await decryptJson(jwe, Uint8Array.from(key))).toEqual(value);
  });

  test("refuses a key of the wrong length, as before", async () => {
    await expect(decryptJson(STORED_BEFORE, key.subarray(0, 16))).rejects.toThrow(
      errors.JWEInvalid,
    );
    await expect(encryptJson(value, key.subarray(0, 16), "short")).rejects.toThrow(
      errors.JWEInvalid,
    );
  });

  test("refuses a tampered ciphertext", async () => {
    const [header, , iv, ciphertext, tag] = STORED_BEFORE.split(".");
    const flipped = `${ciphertext![0] === "A" ? "B" : "A"}${ciphertext!.slice(1)}`;
    await expect(decryptJson(`${header}..${iv}.${flipped}.${tag}`, key)).rejects.toThrow(
      errors.JWEDecryptionFailed,
    );
  });
});
