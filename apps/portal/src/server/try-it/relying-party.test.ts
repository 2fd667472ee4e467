import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  authorizationUrl,
  checkIdToken,
  clientAuthentication,
  newPendingLogin,
  tryItScopes,
} from "./relying-party";
import { seal, unseal } from "./sealed";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", use: "sig" };
const now = new Date("2026-01-01T00:00:00Z");
const expected = { issuer: "http://broker", clientId: "lotse_a", nonce: "n1", now };

function idToken(claims: Record<string, unknown>, kid = "k1"): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${part({ alg: "ES256", kid })}.${part(claims)}`;
  const signature = sign("sha256", Buffer.from(input), {
    key: privateKey,
    dsaEncoding: "ieee-p1363",
  });
  return `${input}.${signature.toString("base64url")}`;
}
const good = {
  iss: "http://broker",
  aud: "lotse_a",
  nonce: "n1",
  exp: now.getTime() / 1000 + 60,
  sub: "s",
};

describe("Try-it ID token checks (OIDC Core §3.1.3.7)", () => {
  it("returns the claims of a good token", () => {
    expect(checkIdToken(idToken(good), [jwk], expected)).toEqual(good);
  });

  it.each([
    ["another issuer", { ...good, iss: "http://evil" }, /iss/],
    ["another audience", { ...good, aud: "lotse_b" }, /aud/],
    ["several audiences without azp", { ...good, aud: ["lotse_a", "x"] }, /aud/],
    ["another nonce", { ...good, nonce: "n2" }, /nonce/],
    ["an expired token", { ...good, exp: now.getTime() / 1000 - 1 }, /expired/],
  ])("rejects %s", (_, claims, message) => {
    expect(() => checkIdToken(idToken(claims), [jwk], expected)).toThrow(message);
  });

  it("rejects an unknown key and a changed payload", () => {
    expect(() => checkIdToken(idToken(good, "k2"), [jwk], expected)).toThrow(/JWKS/);
    const [header, , signature] = idToken(good).split(".");
    const forged = Buffer.from(JSON.stringify({ ...good, sub: "other" })).toString("base64url");
    expect(() => checkIdToken(`${header}.${forged}.${signature}`, [jwk], expected)).toThrow(
      /signature/,
    );
  });
});

describe("Try-it authorization request", () => {
  it("sends PKCE S256, state, nonce and the registered scopes without offline_access", () => {
    const login = newPendingLogin("u", "a", "lotse_a");
    const url = new URL(
      authorizationUrl(
        {
          issuer: "http://b",
          authorization_endpoint: "http://b/connect/auth",
          token_endpoint: "",
          jwks_uri: "",
        },
        login,
        "http://portal/try-it/callback",
        tryItScopes(["openid", "offline_access", "urn:telematik:versicherter"]),
      ),
    );
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "lotse_a",
      redirect_uri: "http://portal/try-it/callback",
      scope: "openid urn:telematik:versicherter",
      state: login.state,
      nonce: login.nonce,
      code_challenge_method: "S256",
    });
    expect(url.searchParams.get("code_challenge")).not.toBe(login.codeVerifier);
  });
});

describe("sealed Try-it cookies", () => {
  const secret = "s".repeat(32);
  it("round-trips and refuses another secret or a changed value", () => {
    const sealed = seal(secret, { a: 1 });
    expect(unseal(secret, sealed)).toEqual({ a: 1 });
    expect(unseal("t".repeat(32), sealed)).toBeUndefined();
    expect(unseal(secret, `${sealed.slice(0, -2)}AA`)).toBeUndefined();
    expect(unseal(secret, undefined)).toBeUndefined();
  });
});

describe("Try-it client authentication at the token endpoint", () => {
  it("a public application sends its client_id in the body and no secret", () => {
    const login = newPendingLogin("u1", "app1", "lotse_a");
    expect(clientAuthentication(login)).toEqual({ headers: {}, body: { client_id: "lotse_a" } });
  });

  it("a confidential one uses client_secret_basic, form-encoding id and secret first (RFC 6749 §2.3.1)", () => {
    const login = newPendingLogin("u1", "app1", "lotse_a", "s3cr:t/ x");
    const { headers, body } = clientAuthentication(login);
    expect(body).toEqual({});
    const decoded = Buffer.from(headers.authorization!.replace(/^Basic /, ""), "base64").toString();
    expect(decoded).toBe("lotse_a:s3cr%3At%2F+x");
  });
});
