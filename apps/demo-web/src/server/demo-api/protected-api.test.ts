import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";
import { beforeAll, describe, expect, test, vi } from "vitest";
import {
  answerProtectedApi,
  PROTECTED_API_MESSAGE,
  type ProtectedApiConfig,
} from "./protected-api";

const ISSUER = "http://localhost:4000";
const AUDIENCE = "http://localhost:3001/api/protected";
const now = () => Math.floor(Date.now() / 1000);

let key: CryptoKey;
let config: ProtectedApiConfig;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" }],
  };
  config = { issuer: ISSUER, audience: AUDIENCE, scope: "demo_api.read", jwks };
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

/** A token as the broker issues it for the demo API (docs/notes issue 13 contract). */
function accessToken(claims: JWTPayload = {}, typ = "at+jwt"): Promise<string> {
  return new SignJWT({
    iss: ISSUER,
    sub: "sub-of-demo-web",
    aud: AUDIENCE,
    client_id: "demo-web",
    scope: "demo_api.read",
    iat: now(),
    exp: now() + 300,
    jti: "j1",
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: "k1", typ })
    .sign(key);
}

describe("GET /api/protected", () => {
  test("200 with the caller's sub, client_id and scope", async () => {
    const response = await answerProtectedApi(`Bearer ${await accessToken()}`, config);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      message: PROTECTED_API_MESSAGE,
      sub: "sub-of-demo-web",
      client_id: "demo-web",
      scope: "demo_api.read",
    });
  });

  test("401 without a token: a challenge without an error code (RFC 6750 §3.1)", async () => {
    const response = await answerProtectedApi(null, config);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="demo-web"');
    expect(await response.json()).toMatchObject({ error: "missing_token" });
  });

  test("400 for a malformed Authorization header", async () => {
    const response = await answerProtectedApi("Bearer a b", config);
    expect(response.status).toBe(400);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });

  test.each<[string, () => Promise<string>]>([
    ["another audience", () => accessToken({ aud: "http://localhost:3001/api/other" })],
    ["expired", () => accessToken({ exp: now() - 60 })],
    ["an ID token", () => accessToken({}, "JWT")],
  ])("401 invalid_token: %s", async (_name, token) => {
    const response = await answerProtectedApi(`Bearer ${await token()}`, config);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="demo-web", error="invalid_token", error_description="[^"]+"$/,
    );
    expect(await response.json()).toMatchObject({ error: "invalid_token" });
  });

  test("403 insufficient_scope when the token lacks the API's scope", async () => {
    const response = await answerProtectedApi(
      `Bearer ${await accessToken({ scope: "openid" })}`,
      config,
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain(
      'error="insufficient_scope", error_description="The access token lacks the scope demo_api.read.", scope="demo_api.read"',
    );
    expect(await response.json()).toEqual({
      error: "insufficient_scope",
      error_description: "The access token lacks the scope demo_api.read.",
      scope: "demo_api.read",
    });
  });

  test("503 when the broker's keys cannot be fetched", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await answerProtectedApi(`Bearer ${await accessToken()}`, {
      ...config,
      jwks: () => Promise.reject(new TypeError("fetch failed")),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "temporarily_unavailable" });
    expect(error).toHaveBeenCalledOnce();
  });
});
