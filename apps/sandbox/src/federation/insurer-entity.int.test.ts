/**
 * Each insurer as a federation member (OpenID Federation 1.0 §3, gemSpec_IDP_FD): its entity
 * configuration and signed JWKS, resolved through the trust chain from the pinned trust
 * anchor exactly as the broker resolves them.
 */
import { decodeProtectedHeader, type JSONWebKeySet } from "jose";
import { TELEMATIK_SCOPES } from "@lotse/domain";
import { describe, expect, test } from "../testing/fixture.js";
import { resolveInsurer, text } from "../testing/trust-chain.js";

const NAMES = ["nord", "sued", "privat"] as const;

describe("entity configuration and signed JWKS", () => {
  test.for(NAMES)(
    "%s resolves through the chain from the trust anchor",
    async (name, { world }) => {
      const issuer = world.idp(name);
      const masterId = `${world.sandbox.url}/fedmaster`;
      const { configuration, provider, signedJwks, statement } = await resolveInsurer(
        masterId,
        issuer,
      );

      expect(configuration.authority_hints).toEqual([masterId]);
      expect(configuration.jwks).toEqual(statement.jwks);
      expect(configuration.exp! - configuration.iat!).toBe(24 * 60 * 60);
      expect(configuration.metadata).toMatchObject({
        federation_entity: { name: expect.any(String), homepage_uri: issuer },
      });

      // The ID-token keys: only through the signed JWKS, and the same as the OP's own JWKS.
      expect(signedJwks.protectedHeader).toMatchObject({ typ: "jwk-set+json", alg: "ES256" });
      const published = (await (await fetch(`${issuer}/jwks`)).json()) as JSONWebKeySet;
      expect(signedJwks.payload.keys).toEqual(published.keys);
      expect(signedJwks.payload.exp! - signedJwks.payload.iat!).toBe(24 * 60 * 60);
      const entityKids = (configuration.jwks as JSONWebKeySet).keys.map((key) => key.kid);
      expect(entityKids).not.toContain(published.keys[0]!.kid);

      const discovery = (await (
        await fetch(`${issuer}/.well-known/openid-configuration`)
      ).json()) as Record<string, unknown>;
      expect(provider).toMatchObject({
        issuer,
        authorization_endpoint: discovery.authorization_endpoint,
        token_endpoint: discovery.token_endpoint,
        pushed_authorization_request_endpoint: discovery.pushed_authorization_request_endpoint,
        backchannel_authentication_endpoint: discovery.backchannel_authentication_endpoint,
        backchannel_token_delivery_modes_supported: ["poll"],
        backchannel_user_code_parameter_supported: true,
        signed_jwks_uri: `${issuer}/federation/jwks.jwt`,
        client_registration_types_supported: ["automatic"],
        require_pushed_authorization_requests: true,
        code_challenge_methods_supported: ["S256"],
        response_types_supported: ["code"],
        grant_types_supported: discovery.grant_types_supported,
        acr_values_supported: ["gematik-ehealth-loa-substantial", "gematik-ehealth-loa-high"],
        id_token_signing_alg_values_supported: ["ES256"],
        id_token_encryption_alg_values_supported: ["ECDH-ES"],
        id_token_encryption_enc_values_supported: ["A256GCM"],
        token_endpoint_auth_signing_alg_values_supported: ["ES256"],
        organization_name: expect.stringContaining("Sandbox"),
        logo_uri: `${world.sandbox.url}/logos/${name}.svg`,
        user_type_supported: "IP",
      });
      expect(provider.scopes_supported).toEqual(expect.arrayContaining([...TELEMATIK_SCOPES]));
      // Keys come through the chain only: no unsigned jwks_uri beside signed_jwks_uri.
      expect(provider).not.toHaveProperty("jwks_uri");
    },
  );

  test("sued asks for mTLS and names its aliases on the HTTPS listener; the others do not", async ({
    world,
  }) => {
    const masterId = `${world.sandbox.url}/fedmaster`;
    const sued = (await resolveInsurer(masterId, world.idp("sued"))).provider;
    expect(sued.token_endpoint_auth_methods_supported).toEqual(["self_signed_tls_client_auth"]);
    // On the HTTPS listener (SANDBOX_MTLS_URL), path-identical to the plain endpoints.
    const aliases = sued.mtls_endpoint_aliases as Record<string, string>;
    expect(Object.keys(aliases).sort()).toEqual([
      "backchannel_authentication_endpoint",
      "pushed_authorization_request_endpoint",
      "token_endpoint",
    ]);
    const origins = new Set(Object.values(aliases).map((alias) => new URL(alias).origin));
    expect(origins.size).toBe(1);
    const [origin] = origins;
    expect(origin).toMatch(/^https:/);
    expect(origin).not.toBe(new URL(world.sandbox.url).origin);
    for (const [name, alias] of Object.entries(aliases)) {
      expect(new URL(alias).pathname).toBe(new URL(String(sued[name])).pathname);
    }
    for (const name of ["nord", "privat"] as const) {
      const provider = (await resolveInsurer(masterId, world.idp(name))).provider;
      expect(provider.token_endpoint_auth_methods_supported).toEqual(["private_key_jwt"]);
      expect(provider).not.toHaveProperty("mtls_endpoint_aliases");
    }
  });

  test("documents carry their media types and the entity-statement header", async ({ world }) => {
    const issuer = world.idp("nord");
    const configuration = await text(
      `${issuer}/.well-known/openid-federation`,
      /^application\/entity-statement\+jwt/,
    );
    expect(decodeProtectedHeader(configuration)).toMatchObject({
      alg: "ES256",
      typ: "entity-statement+jwt",
      kid: expect.any(String),
    });
    const jwks = await text(`${issuer}/federation/jwks.jwt`, /^application\/jwk-set\+jwt/);
    expect(decodeProtectedHeader(jwks).kid).toBe(decodeProtectedHeader(configuration).kid);
  });
});
