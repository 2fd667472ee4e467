import { describe, expect, test } from "vitest";
import { hashClientSecret, secretPrefix, verifyClientSecret } from "./client-secrets.js";

describe("client secrets", () => {
  test("only the hash is stored, and it verifies the secret and nothing else", () => {
    const hash = hashClientSecret("demo-web-secret");
    expect(hash).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain("demo-web-secret");
    expect(verifyClientSecret("demo-web-secret", hash)).toBe(true);
    expect(verifyClientSecret("demo-web-secreT", hash)).toBe(false);
    expect(verifyClientSecret("demo-web-secret", "sha256:short")).toBe(false);
  });

  test("the prefix tells secrets apart without revealing them", () => {
    expect(secretPrefix("abcdefghijklmnop")).toBe("abcdefgh");
  });
});
