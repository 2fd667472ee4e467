/**
 * An organisation's APIs as resource servers (RFC 8707, RFC 9068) and token exchange
 * (RFC 8693), as openid-client and an API verifying with jose see them, against the real
 * sandbox: access tokens for an API by `resource=` or by its scopes alone, JWT or opaque,
 * introspection, refresh; exchanges allowed and refused by policy, audience, token type and
 * actor, each refusal an RFC 8693 error with nothing issued.
 */
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, generateKeyPair } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_ORGANIZATION, DEMO_SMART, DEMO_WEB } from "@lotse/db/seed";
import { createUpstreamClients } from "../src/federation/upstream-clients.js";
import { createApplication, TEST_REDIRECT } from "./support/applications.js";
import {
  CookieBrowser,
  federatedLogin,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";

const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const REFRESH_TOKEN = "urn:ietf:params:oauth:token-type:refresh_token";
const ANNA = "X110411675";

let world: FederatedWorld;
let web: client.Configuration;
const suffix = randomBytes(3).toString("hex");
const JWT_API = `https://api.example.test/user-${suffix}`;
const OPAQUE_API = `https://api.example.test/opaque-${suffix}`;

async function createApi(identifier: string, scopes: string[], tokenFormat: "JWT" | "OPAQUE") {
  const organization = await world.prisma.organization.findUniqueOrThrow({
    where: { slug: DEMO_ORGANIZATION.slug },
  });
  return world.prisma.api.create({
    data: { organizationId: organization.id, name: identifier, identifier, scopes, tokenFormat },
  });
}

async function grantApi(clientId: string, apiId: string, scopes: string[]) {
  const application = await world.prisma.application.findUniqueOrThrow({ where: { clientId } });
  await world.prisma.applicationApiGrant.create({
    data: { applicationId: application.id, apiId, scopes },
  });
}

beforeAll(async () => {
  world = await startFederatedWorld();
  web = await relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  const jwtApi = await createApi(JWT_API, ["user_api.full_access", "user_api.read"], "JWT");
  const opaqueApi = await createApi(OPAQUE_API, ["opaque_api.read"], "OPAQUE");
  await grantApi(DEMO_WEB.clientId, jwtApi.id, ["user_api.full_access", "user_api.read"]);
  await grantApi(DEMO_WEB.clientId, opaqueApi.id, ["opaque_api.read"]);
  await world.prisma.application.update({
    where: { clientId: DEMO_WEB.clientId },
    data: {
      tokenExchangeEnabled: true,
      tokenExchangeAudiences: [JWT_API, DEMO_SMART.clientId],
    },
  });
});
afterAll(async () => world?.close());

const login = (scope: string, extra: Record<string, string> = {}) =>
  federatedLogin(world, web, {
    redirectUri: DEMO_WEB.redirectUris[0],
    idp: world.idp("nord"),
    kvnr: ANNA,
    scope,
    extra,
  });

async function verifyForApi(token: string, audience: string) {
  const jwks = createRemoteJWKSet(new URL(`${world.issuer}/.well-known/jwks`));
  return jwtVerify(token, jwks, { issuer: world.issuer, audience, typ: "at+jwt" });
}

function exchange(config: client.Configuration, params: Record<string, string>) {
  return client.genericGrantRequest(config, EXCHANGE, params);
}

describe("APIs as resource servers", () => {
  test("the classic request by scope alone gets a JWT access token for the API", async () => {
    const { tokens } = await login("openid user_api.full_access offline_access");
    const { payload } = await verifyForApi(tokens.access_token, JWT_API);
    expect(payload).toMatchObject({ client_id: DEMO_WEB.clientId, scope: "user_api.full_access" });
    expect(payload.sub).toBe(tokens.claims()!.sub);

    // A refresh stays for the API.
    const refreshed = await client.refreshTokenGrant(web, tokens.refresh_token!);
    expect((await verifyForApi(refreshed.access_token, JWT_API)).payload.scope).toBe(
      "user_api.full_access",
    );
  });

  test("resource= names the API (RFC 8707)", async () => {
    const { tokens } = await login("openid user_api.read", { resource: JWT_API });
    expect((await verifyForApi(tokens.access_token, JWT_API)).payload.scope).toBe("user_api.read");
  });

  test("an opaque API's token is not a JWT; introspection answers for the API", async () => {
    const { tokens } = await login("openid opaque_api.read");
    expect(tokens.access_token.split(".")).toHaveLength(1);
    const introspection = await client.tokenIntrospection(web, tokens.access_token);
    expect(introspection).toMatchObject({
      active: true,
      aud: OPAQUE_API,
      scope: "opaque_api.read",
      client_id: DEMO_WEB.clientId,
    });
  });

  test("an API the app was not granted is invalid_target, nothing issued", async () => {
    const failed = await oauthError(
      login("openid", { resource: "https://api.example.test/not-granted" }),
    );
    expect(failed.error).toBe("invalid_target");
  });
});

describe("token exchange (RFC 8693)", () => {
  test("a Lotse access token for the API of the policy", async () => {
    const { tokens } = await login("openid");
    const exchanged = await exchange(web, {
      subject_token: tokens.access_token,
      subject_token_type: ACCESS_TOKEN,
      audience: JWT_API,
      scope: "user_api.read",
    });
    expect(exchanged).toMatchObject({ issued_token_type: ACCESS_TOKEN, token_type: "bearer" });
    const { payload } = await verifyForApi(exchanged.access_token, JWT_API);
    expect(payload).toMatchObject({ scope: "user_api.read", sub: tokens.claims()!.sub });
    expect(payload).not.toHaveProperty("act");
  });

  test("an actor token of the requesting client is named in act", async () => {
    const { tokens } = await login("openid");
    const { tokens: actor } = await login("openid");
    const exchanged = await exchange(web, {
      subject_token: tokens.access_token,
      subject_token_type: ACCESS_TOKEN,
      actor_token: actor.access_token,
      actor_token_type: ACCESS_TOKEN,
      resource: JWT_API,
      scope: "user_api.read",
    });
    expect(decodeJwt(exchanged.access_token).act).toMatchObject({ client_id: DEMO_WEB.clientId });
  });

  test("an ID token for another application of the organisation, with its sub", async () => {
    const { tokens } = await login("openid");
    const exchanged = await exchange(web, {
      subject_token: tokens.id_token!,
      subject_token_type: ID_TOKEN,
      audience: DEMO_SMART.clientId,
      requested_token_type: ID_TOKEN,
    });
    expect(exchanged).toMatchObject({ issued_token_type: ID_TOKEN });
    const jwks = createRemoteJWKSet(new URL(`${world.issuer}/.well-known/jwks`));
    const { payload } = await jwtVerify(exchanged.access_token, jwks, {
      issuer: world.issuer,
      audience: DEMO_SMART.clientId,
    });
    // demo-smart is PAIRWISE too, with its own sector: another sub for the same person.
    expect(payload.sub).toBeTruthy();
    expect(payload.sub).not.toBe(tokens.claims()!.sub);
  });

  test("a refresh token for the API, redeemed for the API's access tokens", async () => {
    const { tokens } = await login("openid");
    const exchanged = await exchange(web, {
      subject_token: tokens.access_token,
      subject_token_type: ACCESS_TOKEN,
      audience: JWT_API,
      requested_token_type: REFRESH_TOKEN,
    });
    expect(exchanged).toMatchObject({ issued_token_type: REFRESH_TOKEN, token_type: "n_a" });
    const refreshed = await client.refreshTokenGrant(web, exchanged.access_token);
    const { payload } = await verifyForApi(refreshed.access_token, JWT_API);
    expect(payload.sub).toBe(tokens.claims()!.sub);
  });

  test("an insurer's ID token (encrypted to the broker) as the subject, in a federation setup", async () => {
    // Act as the broker toward the insurer: its client id, keys and redirect URI.
    const upstream = createUpstreamClients({
      clientId: world.issuer,
      federation: world.broker.federation,
      getFederationKeys: world.broker.oidc.getFederationKeys,
    });
    const insurer = await upstream.configFor(world.idp("nord"));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const redirectUri = `${world.issuer}/oidcf/signin`;
    const url = await client.buildAuthorizationUrlWithPAR(insurer, {
      redirect_uri: redirectUri,
      scope: "openid urn:telematik:display_name",
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      gematik_enable_testing: "true",
      gematik_login_user: ANNA,
    });
    const { location } = await new CookieBrowser().follow(url.href, world.sandboxUrl);
    expect(location?.href.startsWith(redirectUri)).toBe(true);
    const upstreamTokens = await client.authorizationCodeGrant(insurer, location!, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    expect(upstreamTokens.id_token!.split(".")).toHaveLength(5);

    const exchanged = await exchange(web, {
      subject_token: upstreamTokens.id_token!,
      subject_token_type: ID_TOKEN,
      audience: JWT_API,
    });
    const { payload } = await verifyForApi(exchanged.access_token, JWT_API);
    // The same person as a login at demo-web through that insurer.
    const { tokens } = await login("openid");
    expect(payload.sub).toBe(tokens.claims()!.sub);
  });

  describe("refusals: an RFC 8693 error, nothing issued", () => {
    async function expectRefused(promise: Promise<unknown>, error: string) {
      const before = await world.prisma.auditEvent.count({
        where: { type: "token.exchanged", outcome: "SUCCESS" },
      });
      expect(await oauthError(promise)).toMatchObject({ error });
      expect(
        await world.prisma.auditEvent.count({
          where: { type: "token.exchanged", outcome: "SUCCESS" },
        }),
      ).toBe(before);
    }

    test("an audience outside the policy is invalid_target", async () => {
      const { tokens } = await login("openid");
      await expectRefused(
        exchange(web, {
          subject_token: tokens.access_token,
          subject_token_type: ACCESS_TOKEN,
          audience: OPAQUE_API,
        }),
        "invalid_target",
      );
    });

    test("a forged or unknown subject token is invalid_grant", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      const forged = await new SignJWT({ jti: "forged", client_id: DEMO_WEB.clientId })
        .setProtectedHeader({ alg: "RS256", typ: "at+jwt" })
        .setIssuer(world.issuer)
        .setSubject("someone")
        .setAudience(JWT_API)
        .setExpirationTime("5m")
        .sign(privateKey);
      for (const subject_token of [forged, "not-a-token", "x".repeat(40)])
        await expectRefused(
          exchange(web, { subject_token, subject_token_type: ACCESS_TOKEN, audience: JWT_API }),
          "invalid_grant",
        );
    });

    test("an expired subject token is invalid_grant", async () => {
      const app = await createApplication(world.prisma, {
        allowedGrantTypes: ["authorization_code"],
      });
      await world.prisma.application.update({
        where: { clientId: app.clientId },
        data: { accessTokenTtl: 1, tokenExchangeEnabled: true, tokenExchangeAudiences: [JWT_API] },
      });
      const config = await relyingParty(world, app.clientId, { secret: app.secret });
      const { tokens } = await federatedLogin(world, config, {
        redirectUri: TEST_REDIRECT,
        idp: world.idp("nord"),
        kvnr: ANNA,
      });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await expectRefused(
        exchange(web, {
          subject_token: tokens.access_token,
          subject_token_type: ACCESS_TOKEN,
          audience: JWT_API,
        }),
        "invalid_grant",
      );
    });

    test("an actor token of another client is invalid_grant", async () => {
      const other = await createApplication(world.prisma, {});
      const otherConfig = await relyingParty(world, other.clientId, { secret: other.secret });
      const { tokens: actor } = await federatedLogin(world, otherConfig, {
        redirectUri: TEST_REDIRECT,
        idp: world.idp("nord"),
        kvnr: ANNA,
      });
      const { tokens } = await login("openid");
      await expectRefused(
        exchange(web, {
          subject_token: tokens.access_token,
          subject_token_type: ACCESS_TOKEN,
          actor_token: actor.access_token,
          actor_token_type: ACCESS_TOKEN,
          audience: JWT_API,
        }),
        "invalid_grant",
      );
    });

    test("an application without exchange is unauthorized_client", async () => {
      const app = await createApplication(world.prisma, {});
      const config = await relyingParty(world, app.clientId, { secret: app.secret });
      const { tokens } = await login("openid");
      const failed = await oauthError(
        exchange(config, {
          subject_token: tokens.access_token,
          subject_token_type: ACCESS_TOKEN,
          audience: JWT_API,
        }),
      );
      expect(failed.error).toBe("unauthorized_client");
    });

    test("a missing or unsupported token type is invalid_request", async () => {
      const { tokens } = await login("openid");
      await expectRefused(
        exchange(web, { subject_token: tokens.access_token, audience: JWT_API }),
        "invalid_request",
      );
      await expectRefused(
        exchange(web, {
          subject_token: tokens.access_token,
          subject_token_type: "urn:example:saml",
          audience: JWT_API,
        }),
        "invalid_request",
      );
    });
  });
});
