import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { LotseNetworkError } from "../errors.js";
import { verifyAccessToken, type VerifyAccessTokenOptions } from "./access-token.js";
import { LotseAccessTokenError } from "./errors.js";

const ISSUER = "https://lotse.test";
const API = "https://api.example.de/v1";
const now = () => Math.floor(Date.now() / 1000);

interface Signer {
  key: CryptoKey;
  kid: string;
  alg: "RS256" | "ES256";
}

let rs256: Signer;
let es256: Signer;
let stranger: Signer; // same kid as rs256, a key the broker never published
let jwks: JSONWebKeySet;

beforeAll(async () => {
  const rsa = await generateKeyPair("RS256");
  const ec = await generateKeyPair("ES256");
  const other = await generateKeyPair("RS256");
  rs256 = { key: rsa.privateKey, kid: "rsa-1", alg: "RS256" };
  es256 = { key: ec.privateKey, kid: "ec-1", alg: "ES256" };
  stranger = { key: other.privateKey, kid: "rsa-1", alg: "RS256" };
  jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
      { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
    ],
  };
});

/** The claims the broker puts into an API's JWT access token (RFC 9068 §2.2). */
function accessTokenClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: ISSUER,
    sub: "pairwise-sub-1",
    aud: API,
    client_id: "demo-web",
    scope: "demo_api.read demo_api.write",
    iat: now(),
    exp: now() + 300,
    jti: "jti-1",
    ...overrides,
  };
}

async function sign(
  claims: JWTPayload = accessTokenClaims(),
  { signer = rs256, typ = "at+jwt" }: { signer?: Signer; typ?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, ...(typ ? { typ } : {}) })
    .sign(signer.key);
}

const options = (more: Partial<VerifyAccessTokenOptions> = {}): VerifyAccessTokenOptions => ({
  issuer: ISSUER,
  audience: API,
  jwks,
  ...more,
});

async function refusal(promise: Promise<unknown>): Promise<LotseAccessTokenError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LotseAccessTokenError);
  return error as LotseAccessTokenError;
}

describe("verifyAccessToken: valid tokens", () => {
  test("answers sub, client id, scopes, audience and expiry of an RS256 token", async () => {
    const exp = now() + 300;
    const claims = await verifyAccessToken(
      await sign(accessTokenClaims({ exp })),
      options({ requiredScopes: ["demo_api.read"] }),
    );
    expect(claims).toMatchObject({
      sub: "pairwise-sub-1",
      clientId: "demo-web",
      scopes: ["demo_api.read", "demo_api.write"],
      audience: [API],
      expiresAt: exp * 1000,
    });
    expect(claims.act).toBeUndefined();
    expect(claims.claims.jti).toBe("jti-1");
  });

  test("ES256, an audience list and the actor of a token exchange", async () => {
    const act = { sub: "backend-service", client_id: "company-backend" };
    const claims = await verifyAccessToken(
      await sign(accessTokenClaims({ aud: ["https://other.example", API], act }), {
        signer: es256,
      }),
      options({ requiredScopes: "demo_api.read demo_api.write" }),
    );
    expect(claims.audience).toEqual(["https://other.example", API]);
    expect(claims.act).toEqual(act);
  });

  test("accepts typ application/at+jwt (RFC 9068 §4)", async () => {
    await expect(
      verifyAccessToken(await sign(undefined, { typ: "application/at+jwt" }), options()),
    ).resolves.toMatchObject({ sub: "pairwise-sub-1" });
  });

  test("tolerates a few seconds of clock difference, configurable", async () => {
    const token = await sign(accessTokenClaims({ exp: now() - 3 }));
    await expect(verifyAccessToken(token, options())).resolves.toBeDefined();
    await expect(verifyAccessToken(token, options({ clockTolerance: 0 }))).rejects.toThrow(
      LotseAccessTokenError,
    );
  });

  test("a token without scope passes when the API requires none", async () => {
    const claims = await verifyAccessToken(
      await sign(accessTokenClaims({ scope: undefined })),
      options(),
    );
    expect(claims.scopes).toEqual([]);
  });
});

describe("verifyAccessToken: invalid_token (401)", () => {
  test.each<[string, () => Promise<string>, RegExp]>([
    [
      "another audience",
      () => sign(accessTokenClaims({ aud: "https://other.example" })),
      /not meant for this API/,
    ],
    ["expired", () => sign(accessTokenClaims({ exp: now() - 60 })), /expired/],
    ["not valid yet", () => sign(accessTokenClaims({ nbf: now() + 60 })), /not valid yet/],
    ["typ JWT (an ID token)", () => sign(undefined, { typ: "JWT" }), /not an access token/],
    ["no typ", () => sign(undefined, { typ: "" }), /not an access token/],
    [
      "another issuer",
      () => sign(accessTokenClaims({ iss: "https://evil.example" })),
      /another issuer/,
    ],
    [
      "an issuer differing by a trailing slash",
      () => sign(accessTokenClaims({ iss: `${ISSUER}/` })),
      /another issuer/,
    ],
    ["no client_id", () => sign(accessTokenClaims({ client_id: undefined })), /client_id/],
    ["no jti", () => sign(accessTokenClaims({ jti: undefined })), /jti/],
    [
      "a scope list instead of a string",
      () => sign(accessTokenClaims({ scope: ["demo_api.read"] })),
      /scope/,
    ],
    ["an act that is no object", () => sign(accessTokenClaims({ act: "someone" })), /act/],
    [
      "signed by a key the broker never published",
      () => sign(undefined, { signer: stranger }),
      /signature/,
    ],
    [
      "an unknown kid",
      () => sign(undefined, { signer: { ...rs256, kid: "unknown" } }),
      /signature/,
    ],
    ["an opaque token", () => Promise.resolve("opaque-Zm9vYmFy"), /not a JWT/],
  ])("%s", async (_name, token, description) => {
    const error = await refusal(verifyAccessToken(await token(), options()));
    expect(error.code).toBe("invalid_token");
    expect(error.status).toBe(401);
    expect(error.description).toMatch(description);
  });

  test("HS256 is refused even with a key set that would verify it", async () => {
    const secret = new TextEncoder().encode("a-shared-secret-of-at-least-32-bytes!!");
    const token = await new SignJWT(accessTokenClaims())
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "oct-1" })
      .sign(secret);
    const withOct: JSONWebKeySet = {
      keys: [
        ...jwks.keys,
        { kty: "oct", k: "YS1zaGFyZWQtc2VjcmV0LW9mLWF0LWxlYXN0LTMyLWJ5dGVzISE", kid: "oct-1" },
      ],
    };
    const error = await refusal(verifyAccessToken(token, options({ jwks: withOct })));
    expect(error.code).toBe("invalid_token");
    expect(error.description).toMatch(/algorithm/);
  });

  test("alg none is refused", async () => {
    const header = btoa(JSON.stringify({ alg: "none", typ: "at+jwt" })).replace(/=+$/, "");
    const body = btoa(JSON.stringify(accessTokenClaims())).replace(/=+$/, "");
    const error = await refusal(verifyAccessToken(`${header}.${body}.`, options()));
    expect(error.code).toBe("invalid_token");
  });
});

describe("verifyAccessToken: insufficient_scope (403)", () => {
  test("names the missing scopes and every required one", async () => {
    const error = await refusal(
      verifyAccessToken(
        await sign(accessTokenClaims({ scope: "demo_api.read" })),
        options({ requiredScopes: ["demo_api.read", "demo_api.admin"] }),
      ),
    );
    expect(error.code).toBe("insufficient_scope");
    expect(error.status).toBe(403);
    expect(error.missingScopes).toEqual(["demo_api.admin"]);
    expect(error.requiredScopes).toEqual(["demo_api.read", "demo_api.admin"]);
  });

  test("a scope matches only as a whole word", async () => {
    const error = await refusal(
      verifyAccessToken(
        await sign(accessTokenClaims({ scope: "demo_api.read.all" })),
        options({ requiredScopes: "demo_api.read" }),
      ),
    );
    expect(error.missingScopes).toEqual(["demo_api.read"]);
  });
});

describe("verifyAccessToken: the broker's JWKS", () => {
  afterEach(() => vi.unstubAllGlobals());

  test("fetches ${issuer}/.well-known/jwks once and keeps it", async () => {
    const issuer = "https://lotse-jwks-cache.test";
    const fetchMock = vi.fn(async () => Response.json(jwks));
    vi.stubGlobal("fetch", fetchMock);
    const token = await sign(accessTokenClaims({ iss: issuer }));
    for (let i = 0; i < 2; i += 1)
      await expect(verifyAccessToken(token, { issuer, audience: API })).resolves.toMatchObject({
        sub: "pairwise-sub-1",
      });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe(`${issuer}/.well-known/jwks`);
  });

  test.each<[string, () => Promise<Response>]>([
    ["unreachable", () => Promise.reject(new TypeError("fetch failed"))],
    ["answering 500", () => Promise.resolve(new Response("oops", { status: 500 }))],
    ["answering no JWKS", () => Promise.resolve(Response.json({ hello: "world" }))],
  ])("broker %s: LotseNetworkError, not the token's fault", async (name, answer) => {
    const issuer = `https://lotse-down-${name.replace(/\W/g, "")}.test`;
    vi.stubGlobal("fetch", vi.fn(answer));
    const token = await sign(accessTokenClaims({ iss: issuer }));
    const error = await verifyAccessToken(token, { issuer, audience: API }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LotseNetworkError);
    expect((error as LotseNetworkError).code).toBe("network_error");
  });
});
