import { describe, expect, it } from "vitest";
import { decodeJwt } from "./decode-jwt";

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("decodeJwt", () => {
  it("answers header and payload of a JWS", () => {
    const token = `${segment({ alg: "RS256", kid: "k1" })}.${segment({ sub: "ü-1", aud: "demo-web" })}.sig`;
    expect(decodeJwt(token)).toEqual({
      header: { alg: "RS256", kid: "k1" },
      payload: { sub: "ü-1", aud: "demo-web" },
    });
  });

  it("decodes base64url characters that atob alone rejects", () => {
    // This payload's base64url form contains "-", where base64 would have "+".
    const payload = { fhirUser: "Practitioner/prac-1", q: "??>>~~~" };
    const token = `${segment({ alg: "ES256" })}.${segment(payload)}.sig`;
    expect(token.split(".")[1]).toMatch(/[-_]/);
    expect(decodeJwt(token).payload).toEqual(payload);
  });

  it.each([
    ["a JWE (five segments)", "a.b.c.d.e", "expected three segments"],
    ["a non-object payload", `${segment({ alg: "none" })}.${segment([1])}.x`, "payload"],
    ["an empty header", `.${segment({})}.x`, "no header"],
  ])("rejects %s", (_name, token, message) => {
    expect(() => decodeJwt(token)).toThrow(message);
  });
});
