/**
 * Attack battery: the code flow (RFC 9700 §2.1.1 PKCE, §4.5 code injection, §4.4 mix-up,
 * §4.14 refresh tokens; RFC 7636; RFC 9207). Each case asserts the exact refusal and that
 * nothing usable was issued.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApplication, TEST_REDIRECT } from "../support/applications.js";
import { person } from "../support/identities.js";
import { oauthError } from "../support/oauth-errors.js";
import { authorize, browse, login, relyingParty } from "../support/relying-party.js";
import { startTestBroker, type TestBroker } from "../support/test-broker.js";

let broker: TestBroker;
let appA: { clientId: string; secret: string };
let appB: { clientId: string; secret: string };
let a: client.Configuration;
let b: client.Configuration;

beforeAll(async () => {
  broker = await startTestBroker();
  appA = await createApplication(broker.prisma);
  appB = await createApplication(broker.prisma);
  a = await relyingParty(broker, appA.clientId, { secret: appA.secret });
  b = await relyingParty(broker, appB.clientId, { secret: appB.secret });
});
afterAll(async () => broker?.close());

/** The authorization response for these raw parameters (PKCE left to the caller). */
async function rawAuthorize(params: Record<string, string>) {
  const state = client.randomState();
  broker.logins.set(state, person());
  const url = new URL(`${broker.issuer}/connect/auth`);
  url.search = new URLSearchParams({
    client_id: appA.clientId,
    response_type: "code",
    scope: "openid",
    redirect_uri: TEST_REDIRECT,
    state,
    ...params,
  }).toString();
  const { location } = await browse(broker, url);
  return location!;
}

async function tokenRequest(
  auth: { clientId: string; secret: string },
  body: Record<string, string>,
) {
  const response = await fetch(`${broker.issuer}/connect/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${auth.clientId}:${auth.secret}`).toString("base64")}`,
    },
    body: new URLSearchParams(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const VERIFIER = client.randomPKCECodeVerifier();

describe("attack: PKCE downgrade and misuse (RFC 9700 §2.1.1, RFC 7636)", () => {
  test.each([
    ["no code_challenge", {}],
    ["code_challenge_method plain", { code_challenge: VERIFIER, code_challenge_method: "plain" }],
    ["an unknown method", { code_challenge: "x".repeat(43), code_challenge_method: "S512" }],
    ["a challenge too short", { code_challenge: "abc", code_challenge_method: "S256" }],
    [
      "a challenge with characters outside base64url",
      { code_challenge: `${"a".repeat(42)}+`, code_challenge_method: "S256" },
    ],
  ] as [string, Record<string, string>][])(
    "%s: invalid_request to the app, no code",
    async (_name, params) => {
      const back = await rawAuthorize(params);
      expect(back.origin + back.pathname).toBe(TEST_REDIRECT);
      expect(back.searchParams.get("error")).toBe("invalid_request");
      expect(back.searchParams.get("code")).toBeNull();
    },
  );

  test("a code bound to S256 is not redeemed with the challenge itself as verifier (plain downgrade)", async () => {
    const challenge = await client.calculatePKCECodeChallenge(VERIFIER);
    const back = await rawAuthorize({ code_challenge: challenge, code_challenge_method: "S256" });
    const code = back.searchParams.get("code")!;
    expect(code).toBeTruthy();
    const answer = await tokenRequest(appA, {
      grant_type: "authorization_code",
      code,
      redirect_uri: TEST_REDIRECT,
      code_verifier: challenge,
    });
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(answer.body).not.toHaveProperty("access_token");
  });

  test("nor without any verifier", async () => {
    const challenge = await client.calculatePKCECodeChallenge(VERIFIER);
    const back = await rawAuthorize({ code_challenge: challenge, code_challenge_method: "S256" });
    const answer = await tokenRequest(appA, {
      grant_type: "authorization_code",
      code: back.searchParams.get("code")!,
      redirect_uri: TEST_REDIRECT,
    });
    expect(answer.status).toBe(400);
    expect(["invalid_grant", "invalid_request"]).toContain(answer.body.error);
    expect(answer.body).not.toHaveProperty("access_token");
  });
});

describe("attack: code injection and substitution (RFC 9700 §4.5)", () => {
  test("a code issued to one application is refused to another, which holds its own secret", async () => {
    const { callback, checks } = await authorize(broker, a, {
      redirectUri: TEST_REDIRECT,
      login: person(),
    });
    const answer = await tokenRequest(appB, {
      grant_type: "authorization_code",
      code: callback.searchParams.get("code")!,
      redirect_uri: TEST_REDIRECT,
      code_verifier: checks.pkceCodeVerifier,
    });
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  test("a code is refused with another redirect_uri than the one it was issued for", async () => {
    const other = await createApplication(broker.prisma, {
      redirectUris: [TEST_REDIRECT, "http://localhost:5999/other"],
    });
    const config = await relyingParty(broker, other.clientId, { secret: other.secret });
    const { callback, checks } = await authorize(broker, config, {
      redirectUri: TEST_REDIRECT,
      login: person(),
    });
    const answer = await tokenRequest(other, {
      grant_type: "authorization_code",
      code: callback.searchParams.get("code")!,
      redirect_uri: "http://localhost:5999/other",
      code_verifier: checks.pkceCodeVerifier,
    });
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  test("a replayed code is refused and revokes what the first redemption issued", async () => {
    const { tokens, callback, checks } = await login(broker, a, {
      redirectUri: TEST_REDIRECT,
      login: person(),
    });
    const replay = await tokenRequest(appA, {
      grant_type: "authorization_code",
      code: callback.searchParams.get("code")!,
      redirect_uri: TEST_REDIRECT,
      code_verifier: checks.pkceCodeVerifier,
    });
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const introspection = await client.tokenIntrospection(a, tokens.access_token);
    expect(introspection.active).toBe(false);
  });
});

describe("attack: mix-up and token substitution", () => {
  test("the authorization response names the issuer (RFC 9207), so a client can detect mix-up", async () => {
    const { callback } = await authorize(broker, a, {
      redirectUri: TEST_REDIRECT,
      login: person(),
    });
    expect(callback.searchParams.get("iss")).toBe(broker.issuer);
  });

  test("a refresh token of one application is refused to another", async () => {
    const { tokens } = await login(broker, a, {
      redirectUri: TEST_REDIRECT,
      login: person(),
      scope: "openid offline_access",
      extra: { prompt: "consent" },
    });
    expect(tokens.refresh_token).toBeTruthy();
    expect(await oauthError(client.refreshTokenGrant(b, tokens.refresh_token!))).toMatchObject({
      error: "invalid_grant",
    });
    // The rightful client still refreshes: the attempt did not burn its token.
    const refreshed = await client.refreshTokenGrant(a, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();
  });

  test("another application cannot revoke someone else's token", async () => {
    const { tokens } = await login(broker, a, { redirectUri: TEST_REDIRECT, login: person() });
    await client.tokenRevocation(b, tokens.access_token).catch(() => undefined);
    expect((await client.tokenIntrospection(a, tokens.access_token)).active).toBe(true);
  });

  test("an access token is not accepted at userinfo once revoked", async () => {
    const { tokens, claims } = await login(broker, a, {
      redirectUri: TEST_REDIRECT,
      login: person(),
    });
    await client.tokenRevocation(a, tokens.access_token);
    const error = await oauthError(client.fetchUserInfo(a, tokens.access_token, claims.sub));
    expect(error.status).toBe(401);
  });
});
