import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { redeem, startLogin, TryItError, type Broker, type PendingLogin } from "./relying-party";
import { seal, unseal } from "./sealed";

const ISSUER = "http://broker";
const REDIRECT_URI = "http://portal/try-it/callback";

interface Recorded {
  url: string;
  headers: Headers;
  body: URLSearchParams;
}

const json = (body: object, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A broker behind a fake fetch: discovery, JWKS and a token endpoint that answers `token()`. */
function fakeBroker(
  keys: object[],
  token: () => Response = () => json({ error: "invalid_grant" }, 400),
): Broker & { requests: Recorded[] } {
  const requests: Recorded[] = [];
  return {
    issuer: ISSUER,
    redirectUri: REDIRECT_URI,
    requests,
    fetch: async (input, init = {}) => {
      requests.push({
        url: input,
        headers: new Headers(init.headers),
        body: new URLSearchParams(typeof init.body === "string" ? init.body : ""),
      });
      if (input === `${ISSUER}/.well-known/openid-configuration`)
        return json({
          issuer: ISSUER,
          authorization_endpoint: `${ISSUER}/connect/auth`,
          token_endpoint: `${ISSUER}/connect/token`,
          jwks_uri: `${ISSUER}/jwks`,
        });
      if (input === `${ISSUER}/jwks`) return json({ keys });
      if (input === `${ISSUER}/connect/token`) return token();
      return json({ error: "not_found" }, 404);
    },
  };
}

const login: PendingLogin = {
  userId: "u1",
  applicationId: "app1",
  clientId: "lotse_a",
  state: "s1",
  nonce: "n1",
  codeVerifier: "v".repeat(43),
};

describe("Try-it ID token checks (OIDC Core §3.1.3.7)", () => {
  let privateKey: CryptoKey;
  let jwk: object;
  beforeAll(async () => {
    const pair = await generateKeyPair("ES256");
    privateKey = pair.privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", use: "sig", alg: "ES256" };
  });

  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({
    iss: ISSUER,
    aud: "lotse_a",
    nonce: "n1",
    exp: now() + 60,
    iat: now(),
    sub: "s",
  });
  const idToken = (claims: Record<string, unknown>, kid = "k1") =>
    new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid }).sign(privateKey);
  const redeemWith = (token: string) =>
    redeem(
      fakeBroker([jwk], () => json({ access_token: "at", token_type: "Bearer", id_token: token })),
      login,
      "code1",
    );

  it("returns the claims of a good token", async () => {
    const claims = good();
    await expect(redeemWith(await idToken(claims))).resolves.toEqual(claims);
  });

  it.each([
    ["another issuer", { iss: "http://evil" }, /from http:\/\/evil/],
    ["another audience", { aud: "lotse_b" }, /another client/],
    ["several audiences without azp", { aud: ["lotse_a", "x"] }, /azp/],
    ["another nonce", { nonce: "n2" }, /nonce/],
    ["an expired token", { exp: now() - 1 }, /expired/],
  ])("rejects %s", async (_, change, message) => {
    await expect(redeemWith(await idToken({ ...good(), ...change }))).rejects.toThrow(message);
  });

  it("rejects an unknown key and a changed payload", async () => {
    await expect(redeemWith(await idToken(good(), "k2"))).rejects.toThrow(/JWKS/);
    const [header, , signature] = (await idToken(good())).split(".");
    const forged = Buffer.from(JSON.stringify({ ...good(), sub: "other" })).toString("base64url");
    await expect(redeemWith(`${header}.${forged}.${signature}`)).rejects.toThrow(/signature/);
  });

  it("reports the token endpoint's OAuth error code, and nothing else of its answer", async () => {
    const broker = fakeBroker([jwk], () =>
      json({ error: "invalid_client", error_description: "client authentication failed" }, 401),
    );
    const error = await redeem(broker, login, "code1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TryItError);
    expect((error as Error).message).toBe("The token endpoint answered 401 invalid_client");
  });
});

describe("Try-it authorization request", () => {
  it("sends PKCE S256, state, nonce and the registered scopes without offline_access", async () => {
    const { url, login } = await startLogin(
      fakeBroker([]),
      { userId: "u", applicationId: "a", clientId: "lotse_a" },
      ["openid", "offline_access", "urn:telematik:versicherter"],
    );
    const request = new URL(url);
    expect(`${request.origin}${request.pathname}`).toBe(`${ISSUER}/connect/auth`);
    expect(Object.fromEntries(request.searchParams)).toMatchObject({
      client_id: "lotse_a",
      redirect_uri: REDIRECT_URI,
      scope: "openid urn:telematik:versicherter",
      state: login.state,
      nonce: login.nonce,
      code_challenge_method: "S256",
    });
    expect(request.searchParams.get("code_challenge")).not.toBe(login.codeVerifier);
    expect(login).toMatchObject({ userId: "u", applicationId: "a", clientId: "lotse_a" });
    expect(login).not.toHaveProperty("clientSecret");
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
  // The endpoint refuses (invalid_grant): only the request matters here.
  const tokenRequest = async (pending: PendingLogin) => {
    const broker = fakeBroker([]);
    await expect(redeem(broker, pending, "code1")).rejects.toThrow(TryItError);
    return broker.requests.find((request) => request.url.endsWith("/connect/token"))!;
  };

  it("a public application sends its client_id in the body and no secret", async () => {
    const { headers, body } = await tokenRequest(login);
    expect(headers.get("authorization")).toBeNull();
    expect(Object.fromEntries(body)).toEqual({
      grant_type: "authorization_code",
      code: "code1",
      redirect_uri: REDIRECT_URI,
      code_verifier: login.codeVerifier,
      client_id: "lotse_a",
    });
  });

  it("a confidential one uses client_secret_basic, form-encoding id and secret first (RFC 6749 §2.3.1)", async () => {
    const { headers, body } = await tokenRequest({ ...login, clientSecret: "s3cr:t/ x" });
    expect(body.has("client_id")).toBe(false);
    expect(body.has("client_secret")).toBe(false);
    const decoded = Buffer.from(
      headers.get("authorization")!.replace(/^Basic /, ""),
      "base64",
    ).toString();
    expect(decoded).toBe("lotse_a:s3cr%3At%2F+x");
  });
});
