import { describe, expect, test } from "vitest";
import { base64urlDecode, base64urlEncode, utf8Decode } from "./base64url.js";
import { createPkce, randomNonce, randomState } from "./pkce.js";

// RFC 7636 Appendix B.
const OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105,
  214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

describe("PKCE (RFC 7636)", () => {
  test("Appendix B: octets → verifier → S256 challenge", async () => {
    expect(base64urlEncode(Uint8Array.from(OCTETS))).toBe(VERIFIER);
    expect(await createPkce(VERIFIER)).toEqual({
      verifier: VERIFIER,
      challenge: CHALLENGE,
      method: "S256",
    });
  });

  test("a fresh verifier has 43 unreserved characters and is new each time", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const { verifier, challenge } = await createPkce();
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(verifier);
    }
    expect(seen.size).toBe(50);
  });

  test("refuses a verifier outside §4.1", async () => {
    await expect(createPkce("short")).rejects.toThrow(RangeError);
    await expect(createPkce("a".repeat(129))).rejects.toThrow(RangeError);
    await expect(createPkce(`${"a".repeat(42)}+`)).rejects.toThrow(RangeError);
    expect((await createPkce("~".repeat(128))).verifier).toHaveLength(128);
  });

  test("state and nonce are 256-bit base64url values", () => {
    for (const make of [randomState, randomNonce]) {
      const a = make();
      expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(make()).not.toBe(a);
    }
  });
});

describe("base64url", () => {
  test("matches a reference encoder for every length and round-trips", () => {
    for (let length = 0; length < 40; length += 1) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
      const reference = btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "");
      expect(base64urlEncode(bytes)).toBe(reference);
      expect(base64urlDecode(reference)).toEqual(bytes);
    }
  });

  test("decodes UTF-8 and refuses what is not base64url", () => {
    expect(utf8Decode(new TextEncoder().encode("Anna Müller ✓"))).toBe("Anna Müller ✓");
    expect(() => base64urlDecode("a+b/")).toThrow(TypeError);
    expect(() => base64urlDecode("abcde")).toThrow(TypeError);
    expect(() => utf8Decode(Uint8Array.from([0xc3]))).toThrow();
  });
});
