/**
 * The authorization code flow as a certified RP library runs it (openid-client v6):
 * PKCE, ID token verified against the JWKS, userinfo, refresh rotation, introspection,
 * revocation, single-use codes. OIDC Core §3.1, RFC 7636, RFC 9700.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { person } from "./support/identities.js";
import { oauthError } from "./support/oauth-errors.js";
import { authorize, login, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

let broker: TestBroker;
let web: client.Configuration;
let mobile: client.Configuration;
const webRedirect = DEMO_WEB.redirectUris[0];
const mobileRedirect = DEMO_MOBILE.redirectUris[0];

beforeAll(async () => {
  broker = await startTestBroker();
  web = await relyingParty(broker, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  mobile = await relyingParty(broker, DEMO_MOBILE.clientId, "none");
});
afterAll(async () => broker?.close());

describe("confidential client (demo-web, client_secret_basic)", () => {
  test("gets tokens whose ID token verifies against the broker's JWKS", async () => {
    const { tokens } = await login(broker, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:email urn:telematik:given_name",
      login: person(),
    });
    const jwks = createRemoteJWKSet(new URL(`${broker.issuer}/.well-known/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, {
      issuer: broker.issuer,
      audience: DEMO_WEB.clientId,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      "urn:telematik:claims:email": "erika@example.org",
      "urn:telematik:claims:given_name": "Erika",
      acr: "gematik-ehealth-loa-high",
    });
    // Not requested, so not released, though the upstream login carried them.
    expect(payload).not.toHaveProperty("urn:telematik:claims:id");
    expect(payload).not.toHaveProperty("urn:telematik:claims:geburtsdatum");
    expect(payload.sub).not.toContain("upstream-sub");
    // No refresh token without offline_access.
    expect(tokens.refresh_token).toBeUndefined();
  });

  test("userinfo answers with the same sub and the granted claims only", async () => {
    const { tokens, claims } = await login(broker, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:display_name",
      login: person(),
    });
    const userinfo = await client.fetchUserInfo(web, tokens.access_token, claims.sub);
    expect(userinfo).toEqual({
      sub: claims.sub,
      "urn:telematik:claims:display_name": "Erika Mustermann",
    });
  });

  test("authenticates with client_secret_post as well", async () => {
    const post = await relyingParty(broker, DEMO_WEB.clientId, {
      secret: DEMO_WEB.developmentSecret,
      method: "post",
    });
    const { tokens } = await login(broker, post, { redirectUri: webRedirect, login: person() });
    expect(tokens.access_token).toBeTruthy();
  });

  test("works through pushed authorization requests (RFC 9126)", async () => {
    const { tokens, claims } = await login(broker, web, {
      redirectUri: webRedirect,
      login: person(),
      par: true,
    });
    expect(tokens.access_token).toBeTruthy();
    expect(claims.sub).toBeTruthy();
  });

  test("a code is single-use: the second redemption is invalid_grant (RFC 6749 §4.1.2)", async () => {
    const { callback, checks } = await authorize(broker, web, {
      redirectUri: webRedirect,
      login: person(),
    });
    await client.authorizationCodeGrant(web, callback, checks);
    expect(await oauthError(client.authorizationCodeGrant(web, callback, checks))).toMatchObject({
      error: "invalid_grant",
    });
  });

  test("a wrong PKCE verifier is invalid_grant (RFC 7636 §4.6)", async () => {
    const { callback, checks } = await authorize(broker, web, {
      redirectUri: webRedirect,
      login: person(),
    });
    expect(
      await oauthError(
        client.authorizationCodeGrant(web, callback, {
          ...checks,
          pkceCodeVerifier: client.randomPKCECodeVerifier(),
        }),
      ),
    ).toMatchObject({ error: "invalid_grant" });
  });

  test("a wrong secret is invalid_client with 401", async () => {
    const wrong = await relyingParty(broker, DEMO_WEB.clientId, { secret: "not-the-secret" });
    const { callback, checks } = await authorize(broker, wrong, {
      redirectUri: webRedirect,
      login: person(),
    });
    expect(await oauthError(client.authorizationCodeGrant(wrong, callback, checks))).toEqual({
      error: "invalid_client",
      status: 401,
    });
  });
});

describe("public client (demo-mobile, PKCE, no secret)", () => {
  test("gets tokens with PKCE alone", async () => {
    const { tokens, claims } = await login(broker, mobile, {
      redirectUri: mobileRedirect,
      scope: "openid urn:telematik:versicherter",
      login: person(),
    });
    expect(tokens.access_token).toBeTruthy();
    expect(claims["urn:telematik:claims:id"]).toBe("X110411675");
  });
});

describe("refresh tokens", () => {
  test("offline_access without prompt=consent yields a refresh token that rotates on use", async () => {
    const { tokens } = await login(broker, web, {
      redirectUri: webRedirect,
      scope: "openid offline_access urn:telematik:email",
      login: person(),
    });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(web, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()?.["urn:telematik:claims:email"]).toBe("erika@example.org");
  });

  test("reusing a rotated refresh token is refused and revokes the whole grant (RFC 9700 §4.14.2)", async () => {
    const { tokens } = await login(broker, mobile, {
      redirectUri: mobileRedirect,
      scope: "openid offline_access",
      login: person(),
    });
    const first = tokens.refresh_token!;
    const second = await client.refreshTokenGrant(mobile, first);
    expect(await oauthError(client.refreshTokenGrant(mobile, first))).toMatchObject({
      error: "invalid_grant",
    });
    // The reuse revoked the grant: the token issued by the rotation is dead too.
    expect(await oauthError(client.refreshTokenGrant(mobile, second.refresh_token!))).toMatchObject(
      {
        error: "invalid_grant",
      },
    );
    const introspected = await client.tokenIntrospection(web, second.access_token);
    expect(introspected.active).toBe(false);
  });

  test("a client not allowed the refresh_token grant gets none, even when asking for offline_access", async () => {
    const { createApplication, TEST_REDIRECT } = await import("./support/applications.js");
    const app = await createApplication(broker.prisma, {
      allowedGrantTypes: ["authorization_code"],
    });
    const rp = await relyingParty(broker, app.clientId, { secret: app.secret });
    const { tokens } = await login(broker, rp, {
      redirectUri: TEST_REDIRECT,
      scope: "openid offline_access",
      login: person(),
    });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe("openid");
  });
});

describe("introspection and revocation (RFC 7662, RFC 7009)", () => {
  test("the client sees its token active until it revokes it", async () => {
    const { tokens, claims } = await login(broker, web, {
      redirectUri: webRedirect,
      scope: "openid offline_access",
      login: person(),
    });
    expect(await client.tokenIntrospection(web, tokens.access_token)).toMatchObject({
      active: true,
      client_id: DEMO_WEB.clientId,
      sub: claims.sub,
    });
    await client.tokenRevocation(web, tokens.refresh_token!);
    expect((await client.tokenIntrospection(web, tokens.refresh_token!)).active).toBe(false);
    // Revoking the refresh token revokes its grant, and with it the access token.
    expect((await client.tokenIntrospection(web, tokens.access_token)).active).toBe(false);
  });

  test("a public client learns nothing from introspection, not even about its own token", async () => {
    const { tokens } = await login(broker, mobile, {
      redirectUri: mobileRedirect,
      login: person(),
    });
    expect(await client.tokenIntrospection(mobile, tokens.access_token)).toEqual({ active: false });
  });

  test("another client cannot introspect or revoke someone else's token", async () => {
    const { tokens } = await login(broker, mobile, {
      redirectUri: mobileRedirect,
      login: person(),
    });
    expect((await client.tokenIntrospection(web, tokens.access_token)).active).toBe(false);
    await client.tokenRevocation(web, tokens.access_token).catch(() => undefined);
    const userinfo = await client.fetchUserInfo(
      mobile,
      tokens.access_token,
      client.skipSubjectCheck,
    );
    expect(userinfo.sub).toBeTruthy();
  });

  test("introspection without the right secret is invalid_client", async () => {
    const wrong = await relyingParty(broker, DEMO_WEB.clientId, { secret: "wrong" });
    expect(await oauthError(client.tokenIntrospection(wrong, "anything"))).toMatchObject({
      error: "invalid_client",
      status: 401,
    });
  });
});

describe("logout (OIDC RP-Initiated Logout)", () => {
  test("the end-session endpoint answers with a page under a strict CSP", async () => {
    const { tokens } = await login(broker, web, { redirectUri: webRedirect, login: person() });
    const url = client.buildEndSessionUrl(web, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: DEMO_WEB.postLogoutRedirectUris[0],
    });
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    // Without a browser session it goes straight to the confirmation form, whose one
    // inline auto-submit script oidc-provider allows by its hash, nothing else.
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(await response.text()).toContain("/connect/endsession/confirm");
  });
});
