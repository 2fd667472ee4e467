/**
 * A Keycloak realm with Lotse as its "OpenID Connect v1.0" identity provider
 * (docs/integrations/keycloak.md), replayed request by request against the real sandbox, as
 * Keycloak's OIDC broker (org.keycloak.broker.oidc.OIDCIdentityProvider) makes them:
 *
 * 1. discovery, when the admin imports the provider's settings from the discovery URL;
 * 2. the authorization request: scope, state, response_type, client_id, redirect_uri (the
 *    realm's broker endpoint) and a nonce, without PKCE ("Use PKCE" off, an application
 *    exempted in the portal) or with S256;
 * 3. the token request with client_secret_post ("Client secret sent as post") or
 *    client_secret_basic ("Client secret as basic auth");
 * 4. the ID token checks: signature (JWKS URL), exp, aud (its client id), azp if present,
 *    iss, nonce;
 * 5. userinfo with the access token (unless "Disable user info"): JSON, same sub;
 * 6. what its default mapping reads: sub (the federated identity), email (with "Trust
 *    Email"), given_name → first name, family_name → last name, preferred_username →
 *    username (falling back to email, then sub).
 *
 * Lotse releases no preferred_username: insurers have no user name, and Keycloak's
 * fallback (email, then sub) is what a realm should use anyway.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TELEMATIK_SCOPES } from "@lotse/domain";
import { createApplication } from "./support/applications.js";
import {
  CookieBrowser,
  followRedirects,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";

/** Anna Beispiel, insured at nord (apps/sandbox identities). */
const ANNA = "X110411675";
/** Keycloak's broker endpoint for an identity provider with the alias `lotse`. */
const KEYCLOAK_ENDPOINT = "https://keycloak.example/realms/health/broker/lotse/endpoint";

let world: FederatedWorld;
let discovery: Record<string, string | string[]>;

beforeAll(async () => {
  world = await startFederatedWorld();
});
afterAll(async () => world?.close());

/** Keycloak's client at Lotse: confidential, a web application, scopes as the guide registers them. */
async function keycloakClient(options: { pkceRequired: boolean; standardClaims?: boolean }) {
  const { clientId, secret } = await createApplication(world.prisma, {
    type: "CONFIDENTIAL",
    redirectUris: [KEYCLOAK_ENDPOINT],
    allowedScopes: ["openid", "email", "profile", ...TELEMATIK_SCOPES],
  });
  await world.prisma.application.update({
    where: { clientId },
    data: {
      platform: "WEB",
      pkceRequired: options.pkceRequired,
      standardClaims: options.standardClaims ?? true,
    },
  });
  return { clientId, secret };
}

/** Steps 2–3: Keycloak's authorization request, the login, and its token request. */
async function keycloakLogin(options: {
  clientId: string;
  secret: string;
  auth: "post" | "basic";
  pkce: boolean;
  scope?: string;
}) {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const url = new URL(String(discovery.authorization_endpoint));
  url.search = new URLSearchParams({
    scope: options.scope ?? "openid email profile",
    state,
    response_type: "code",
    client_id: options.clientId,
    redirect_uri: KEYCLOAK_ENDPOINT,
    nonce,
    ...(options.pkce
      ? {
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
        }
      : {}),
    // The sandbox logs Anna in without a page (Keycloak: "Forwarded query parameters").
    provider: world.idp("nord"),
    gematik_enable_testing: "true",
    gematik_login_user: ANNA,
  }).toString();
  const browser = new CookieBrowser();
  const followed = await followRedirects(world, browser, {
    url,
    response: await browser.fetch(url.href),
  });
  const callback = followed.location;
  if (!callback) throw new Error(`the login stopped at ${followed.hops.at(-1)?.url.href}`);
  expect(`${callback.origin}${callback.pathname}`).toBe(KEYCLOAK_ENDPOINT);
  expect(callback.searchParams.get("state")).toBe(state);
  const code = callback.searchParams.get("code");
  expect(code, callback.href).toBeTruthy();

  const form = new URLSearchParams({
    grant_type: "authorization_code",
    code: code!,
    redirect_uri: KEYCLOAK_ENDPOINT,
    ...(options.pkce ? { code_verifier: verifier } : {}),
    ...(options.auth === "post"
      ? { client_id: options.clientId, client_secret: options.secret }
      : {}),
  });
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  // RFC 6749 §2.3.1, as Keycloak encodes it: form-urlencoded id and secret.
  if (options.auth === "basic")
    headers.authorization = `Basic ${Buffer.from(
      `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.secret)}`,
    ).toString("base64")}`;
  const response = await fetch(String(discovery.token_endpoint), {
    method: "POST",
    headers,
    body: form.toString(),
  });
  const tokens = (await response.json()) as Record<string, string>;
  expect(response.status, JSON.stringify(tokens)).toBe(200);
  return { tokens, nonce };
}

/** Step 4: the ID token checks of OIDCIdentityProvider.validateToken and the nonce check. */
async function keycloakIdToken(idToken: string, clientId: string, nonce: string) {
  const jwks = createRemoteJWKSet(new URL(String(discovery.jwks_uri)));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
    issuer: String(discovery.issuer),
    audience: clientId,
  });
  // Keycloak verifies RSA signatures: the application's ID tokens are RS256 by default.
  expect(protectedHeader.alg).toBe("RS256");
  if (payload.azp !== undefined) expect(payload.azp).toBe(clientId);
  expect(payload.nonce).toBe(nonce);
  return payload;
}

/** Step 5: userinfo with the access token; Keycloak wants JSON and the ID token's sub. */
async function keycloakUserinfo(accessToken: string) {
  const response = await fetch(String(discovery.userinfo_endpoint), {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as Record<string, unknown>;
}

describe("Keycloak as Lotse's relying party (OpenID Connect v1.0 identity provider)", () => {
  test("1. discovery has what Keycloak imports", async () => {
    const response = await fetch(new URL("/.well-known/openid-configuration", world.issuer));
    expect(response.status).toBe(200);
    discovery = (await response.json()) as typeof discovery;
    expect(discovery).toMatchObject({
      issuer: world.issuer,
      authorization_endpoint: `${world.issuer}/connect/auth`,
      token_endpoint: `${world.issuer}/connect/token`,
      userinfo_endpoint: `${world.issuer}/connect/userinfo`,
      jwks_uri: `${world.issuer}/.well-known/jwks`,
      end_session_endpoint: `${world.issuer}/connect/endsession`,
    });
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_post", "client_secret_basic"]),
    );
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining(["openid", "email", "profile"]),
    );
    expect(discovery.claims_supported).toEqual(
      expect.arrayContaining(["sub", "email", "email_verified", "given_name", "family_name"]),
    );
  });

  test("without PKCE (exempted application), client_secret_post: standard claims in ID token and userinfo", async () => {
    const app = await keycloakClient({ pkceRequired: false });
    const { tokens, nonce } = await keycloakLogin({ ...app, auth: "post", pkce: false });
    expect(tokens.token_type).toMatch(/^bearer$/i);
    const idToken = await keycloakIdToken(tokens.id_token!, app.clientId, nonce);
    expect(idToken).toMatchObject({
      email: "anna.beispiel@example.org",
      email_verified: true,
      given_name: "Anna",
      name: "Anna Beispiel",
      birthdate: "1985-04-12",
    });
    // No source at the insurer: missing rather than guessed (OIDC Core §5.3.2).
    expect(idToken).not.toHaveProperty("family_name");
    expect(idToken).not.toHaveProperty("preferred_username");
    // Only what the scopes asked for: no gematik claim without its gematik scope.
    expect(Object.keys(idToken).filter((claim) => claim.startsWith("urn:telematik:"))).toEqual([]);

    const userinfo = await keycloakUserinfo(tokens.access_token!);
    expect(userinfo).toEqual({
      sub: idToken.sub,
      email: "anna.beispiel@example.org",
      email_verified: true,
      given_name: "Anna",
      name: "Anna Beispiel",
      birthdate: "1985-04-12",
    });
  });

  test("with PKCE S256, client_secret_basic; gematik claims for Keycloak's attribute importers", async () => {
    const app = await keycloakClient({ pkceRequired: true });
    const { tokens, nonce } = await keycloakLogin({
      ...app,
      auth: "basic",
      pkce: true,
      scope: "openid email urn:telematik:versicherter urn:telematik:display_name",
    });
    const idToken = await keycloakIdToken(tokens.id_token!, app.clientId, nonce);
    expect(idToken).toMatchObject({
      email: "anna.beispiel@example.org",
      email_verified: true,
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });
    // profile was not asked for.
    expect(idToken).not.toHaveProperty("given_name");
    const userinfo = await keycloakUserinfo(tokens.access_token!);
    expect(userinfo).toMatchObject({ sub: idToken.sub, "urn:telematik:claims:id": ANNA });
  });

  test("an application without standard claims gets none, though email and profile are registered", async () => {
    const app = await keycloakClient({ pkceRequired: false, standardClaims: false });
    const { tokens, nonce } = await keycloakLogin({ ...app, auth: "post", pkce: false });
    const idToken = await keycloakIdToken(tokens.id_token!, app.clientId, nonce);
    for (const claim of ["email", "email_verified", "given_name", "name", "birthdate"])
      expect(idToken, claim).not.toHaveProperty(claim);
    expect(Object.keys(await keycloakUserinfo(tokens.access_token!))).toEqual(["sub"]);
    // Nor did the broker ask the insurer for them.
    const callback = await world.prisma.auditEvent.findFirst({
      where: { clientId: app.clientId, type: "upstream.callback", outcome: "SUCCESS" },
    });
    expect((callback?.details as { released_claims?: string[] }).released_claims).toEqual([]);
  });

  test("email and profile are refused (invalid_scope) where the application did not register them", async () => {
    const { clientId } = await createApplication(world.prisma, {
      type: "CONFIDENTIAL",
      redirectUris: [KEYCLOAK_ENDPOINT],
    });
    const url = new URL(String(discovery.authorization_endpoint));
    url.search = new URLSearchParams({
      scope: "openid email profile",
      state: "s",
      response_type: "code",
      client_id: clientId,
      redirect_uri: KEYCLOAK_ENDPOINT,
      nonce: "n",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    }).toString();
    const response = await fetch(url, { redirect: "manual" });
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
  });

  test("a PKCE-required application refuses Keycloak's request without PKCE", async () => {
    const app = await keycloakClient({ pkceRequired: true });
    const url = new URL(String(discovery.authorization_endpoint));
    url.search = new URLSearchParams({
      scope: "openid email",
      state: "s",
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: KEYCLOAK_ENDPOINT,
      nonce: "n",
    }).toString();
    const response = await fetch(url, { redirect: "manual" });
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(KEYCLOAK_ENDPOINT);
    expect(location.searchParams.get("error")).toBe("invalid_request");
  });
});
