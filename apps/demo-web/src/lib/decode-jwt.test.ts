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

  it.each([
    ["a JWE (five segments)", "a.b.c.d.e", "expected three segments"],
    ["a non-object payload", `${segment({ alg: "none" })}.${segment([1])}.x`, "payload"],
    ["an empty header", `.${segment({})}.x`, "no header"],
  ])("rejects %s", (_name, token, message) => {
    expect(() => decodeJwt(token)).toThrow(message);
  });
});
