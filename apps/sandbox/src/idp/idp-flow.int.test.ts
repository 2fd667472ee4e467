/**
 * The web flow as the broker runs it against a sandbox IDP: openid-client with PAR,
 * PKCE S256 and private_key_jwt, the gematik testing parameters, an ID token signed
 * ES256 and encrypted ECDH-ES/A256GCM to the broker.
 */
import {
  compactDecrypt,
  createRemoteJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
} from "jose";
import { TELEMATIK_SCOPES } from "@lotse/domain";
import { CookieBrowser } from "../testing/cookie-browser.js";
import { describe, expect, test } from "../testing/fixture.js";
import { brokerClientFor, pushAuthorization, redeem } from "../testing/relying-party.js";

const ALL_SCOPES = ["openid", ...TELEMATIK_SCOPES].join(" ");

describe("discovery", () => {
  test("each IDP publishes gematik-style metadata under its own path", async ({ world }) => {
    for (const name of ["nord", "sued", "privat"] as const) {
      const issuer = world.idp(name);
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        issuer,
        pushed_authorization_request_endpoint: `${issuer}/request`,
        require_pushed_authorization_requests: true,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        code_challenge_methods_supported: ["S256"],
        // sued asks for mutual TLS (RFC 8705 §2.2), the others for signed JWTs.
        token_endpoint_auth_methods_supported: [
          name === "sued" ? "self_signed_tls_client_auth" : "private_key_jwt",
        ],
        id_token_signing_alg_values_supported: ["ES256"],
        id_token_encryption_alg_values_supported: ["ECDH-ES"],
        id_token_encryption_enc_values_supported: ["A256GCM"],
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code", "urn:openid:params:grant-type:ciba"],
        backchannel_authentication_endpoint: `${issuer}/backchannel`,
        backchannel_token_delivery_modes_supported: ["poll"],
        backchannel_user_code_parameter_supported: true,
      });
      // Signed client assertions (RFC 7523) only where clients authenticate with them.
      expect(metadata.token_endpoint_auth_signing_alg_values_supported).toEqual(
        name === "sued" ? undefined : ["ES256"],
      );
      expect(metadata.scopes_supported).toEqual(expect.arrayContaining([...TELEMATIK_SCOPES]));
      expect(metadata.userinfo_endpoint).toBeUndefined();
    }
  });

  test("each IDP has its own signing key", async ({ world }) => {
    const kids = await Promise.all(
      (["nord", "sued", "privat"] as const).map(async (name) => {
        const { keys } = (await (await fetch(`${world.idp(name)}/jwks`)).json()) as JSONWebKeySet;
        expect(keys).toHaveLength(1);
        expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
        expect(keys[0]).not.toHaveProperty("d");
        return keys[0]!.kid!;
      }),
    );
    expect(new Set(kids).size).toBe(3);
  });
});

describe("testing parameters", () => {
  test("log the named person in and return a code; the ID token is encrypted, signed and complete", async ({
    world,
  }) => {
    const startedAt = performance.now();
    const issuer = world.idp("nord");
    const config = await brokerClientFor(issuer, world.broker);
    const login = await pushAuthorization(config, world.broker, {
      scope: ALL_SCOPES,
      gematik_enable_testing: "true",
      gematik_login_user: "X110411675",
    });
    const { location } = await new CookieBrowser().follow(
      login.authorizationUrl.href,
      world.sandbox.url,
    );
    expect(location?.origin + location!.pathname).toBe(world.broker.redirectUri);
    expect(location!.searchParams.get("state")).toBe(login.state);
    expect(location!.searchParams.get("iss")).toBe(issuer);
    const tokens = await redeem(config, location!, login);
    const flowMs = performance.now() - startedAt;
    console.info(
      `full flow (discovery, PAR, authorize, token, decrypt, verify): ${flowMs.toFixed(0)} ms`,
    );

    // The raw response: a JWE for the broker's enc key, wrapping an ES256 JWS (cty JWT).
    expect(tokens.id_token!.split(".")).toHaveLength(5);
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({
      alg: "ECDH-ES",
      enc: "A256GCM",
      cty: "JWT",
      kid: "broker-enc",
    });
    const { plaintext } = await compactDecrypt(tokens.id_token!, world.broker.encryptionKey);
    const { payload, protectedHeader } = await jwtVerify(
      new TextDecoder().decode(plaintext),
      createRemoteJWKSet(new URL(`${issuer}/jwks`)),
      { issuer, audience: world.broker.url, algorithms: ["ES256"] },
    );
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload).toMatchObject({
      nonce: login.nonce,
      acr: "gematik-ehealth-loa-high",
      amr: ["urn:telematik:auth:other"],
      "urn:telematik:claims:id": "X110411675",
      "urn:telematik:claims:organization_ir_id": "109990001",
      "urn:telematik:claims:profession": "1.2.276.0.76.4.49",
      "urn:telematik:claims:email": "anna.beispiel@example.org",
      "urn:telematik:claims:display_name": "Anna Beispiel",
      "urn:telematik:claims:given_name": "Anna",
      "urn:telematik:claims:geburtsdatum": "1985-04-12",
      "urn:telematik:claims:geschlecht": "W",
    });
    expect(payload["urn:telematik:claims:alter"]).toMatch(/^\d+$/);
    expect(typeof payload.auth_time).toBe("number");
    // The subject is the IDP's own identifier, never the KVNR.
    expect(payload.sub).not.toContain("X110411675");
    expect(tokens.claims()).toMatchObject({ sub: payload.sub, iss: issuer });
  });

  test("only the requested scopes' claims are released", async ({ world }) => {
    const config = await brokerClientFor(world.idp("privat"), world.broker);
    const login = await pushAuthorization(config, world.broker, {
      scope: "openid urn:telematik:versicherter",
      gematik_enable_testing: "true",
      gematik_login_user: "X110417526",
    });
    const { location } = await new CookieBrowser().follow(
      login.authorizationUrl.href,
      world.sandbox.url,
    );
    const claims = (await redeem(config, location!, login)).claims()!;
    expect(claims["urn:telematik:claims:id"]).toBe("X110417526");
    expect(claims["urn:telematik:claims:email"]).toBeUndefined();
    expect(claims["urn:telematik:claims:display_name"]).toBeUndefined();
  });

  test("the same person at two insurers: same KVNR, different subs, stable per insurer", async ({
    world,
  }) => {
    const subs: Record<string, string> = {};
    for (const name of ["nord", "privat", "nord"] as const) {
      const config = await brokerClientFor(world.idp(name), world.broker);
      const login = await pushAuthorization(config, world.broker, {
        scope: "openid urn:telematik:versicherter",
        gematik_enable_testing: "true",
        gematik_login_user: "X110416447",
      });
      const { location } = await new CookieBrowser().follow(
        login.authorizationUrl.href,
        world.sandbox.url,
      );
      const claims = (await redeem(config, location!, login)).claims()!;
      expect(claims["urn:telematik:claims:id"]).toBe("X110416447");
      if (subs[name]) expect(claims.sub).toBe(subs[name]);
      subs[name] = claims.sub;
    }
    expect(subs.nord).not.toBe(subs.privat);
  });

  test("an identity unknown at this insurer ends in access_denied with a description", async ({
    world,
  }) => {
    // Helene Vorsorge is insured at privat only.
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    const login = await pushAuthorization(config, world.broker, {
      gematik_enable_testing: "true",
      gematik_login_user: "X110417526",
    });
    const { location } = await new CookieBrowser().follow(
      login.authorizationUrl.href,
      world.sandbox.url,
    );
    expect(location!.searchParams.get("error")).toBe("access_denied");
    expect(location!.searchParams.get("error_description")).toMatch(/not a test identity/);
    expect(location!.searchParams.get("state")).toBe(login.state);
  });

  test("the extra redirect URI (an app's App Link) works too", async ({ world }) => {
    const config = await brokerClientFor(world.idp("privat"), world.broker);
    const login = await pushAuthorization(config, world.broker, {
      redirect_uri: "https://app.lotse.test/app/ce",
      gematik_enable_testing: "true",
      gematik_login_user: "X110417526",
    });
    const { location } = await new CookieBrowser().follow(
      login.authorizationUrl.href,
      world.sandbox.url,
    );
    expect(location!.origin).toBe("https://app.lotse.test");
    expect(location!.searchParams.get("code")).toBeTruthy();
  });
});
