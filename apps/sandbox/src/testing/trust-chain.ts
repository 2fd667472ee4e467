import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";

/** The development trust anchor, as a broker pins it. */
export const TRUST_ANCHOR: JSONWebKeySet = { keys: [...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys] };

const STATEMENT = {
  typ: "entity-statement+jwt",
  algorithms: ["ES256"],
  requiredClaims: ["iat", "exp"],
};

export async function text(url: string, mediaType: RegExp): Promise<string> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const type = response.headers.get("content-type") ?? "";
  if (!mediaType.test(type)) throw new Error(`${url} answered ${type}`);
  return response.text();
}

/** The master's entity configuration, verified by the pinned trust anchor (not by itself). */
export async function verifiedMaster(masterId: string): Promise<JWTPayload> {
  const jwt = await text(
    `${masterId}/.well-known/openid-federation`,
    /^application\/entity-statement\+jwt/,
  );
  return (
    await jwtVerify(jwt, createLocalJWKSet(TRUST_ANCHOR), {
      ...STATEMENT,
      issuer: masterId,
      subject: masterId,
    })
  ).payload;
}

/**
 * An insurer's trust chain as a relying party resolves it (OpenID Federation 1.0 §10):
 * master configuration by the anchor → the master's statement about the insurer by the
 * master's key → the insurer's configuration by the keys in that statement → its signed
 * JWKS by its entity key. Throws at the first link that does not hold.
 */
export async function resolveInsurer(masterId: string, issuer: string) {
  const master = await verifiedMaster(masterId);
  const endpoints = (master.metadata as { federation_entity: Record<string, string> })
    .federation_entity;
  const statementJwt = await text(
    `${endpoints.federation_fetch_endpoint}?sub=${encodeURIComponent(issuer)}`,
    /^application\/entity-statement\+jwt/,
  );
  const statement = (
    await jwtVerify(statementJwt, createLocalJWKSet(master.jwks as JSONWebKeySet), {
      ...STATEMENT,
      issuer: masterId,
      subject: issuer,
    })
  ).payload;
  const configuration = (
    await jwtVerify(
      await text(`${issuer}/.well-known/openid-federation`, /^application\/entity-statement\+jwt/),
      createLocalJWKSet(statement.jwks as JSONWebKeySet),
      { ...STATEMENT, issuer, subject: issuer },
    )
  ).payload;
  const provider = (configuration.metadata as { openid_provider: Record<string, unknown> })
    .openid_provider;
  const signedJwks = await jwtVerify(
    await text(String(provider.signed_jwks_uri), /^application\/jwk-set\+jwt/),
    createLocalJWKSet(configuration.jwks as JSONWebKeySet),
    { typ: "jwk-set+json", algorithms: ["ES256"], issuer, requiredClaims: ["iat", "exp"] },
  );
  return { master, statement, configuration, provider, signedJwks };
}

/** The claims of a JWT without checking it, to look at what a broken document says. */
export function claimsOf(jwt: string): JWTPayload {
  return decodeJwt(jwt);
}
