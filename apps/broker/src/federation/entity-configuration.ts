/**
 * The broker's entity configuration (OpenID Federation 1.0 §3, gematik's sectoral IDP
 * federation): self-signed with the federation entity key, iss = sub = the broker's issuer
 * (its entity identifier and its client_id at every insurer), `authority_hints` naming the
 * federation master, and its relying-party metadata. Insurers read it to register the broker
 * automatically (§12.1): its redirect URIs and keys come from here, not from a static list.
 *
 * Served at GET /.well-known/openid-federation. The document is built once and kept per
 * process in the client cache (applications/application-cache.ts, issue 16: it cost a query
 * of every enabled application and one of the federation keys per request). So it follows
 * that cache's rule: kept only while the database's change feed is live, forgotten on every
 * change to an application it announces (an app registered in the portal is in the answer
 * milliseconds after the commit), read per request while the feed is down, and read again
 * after the cache's time to live at the latest. The keys in it change with a rotation, which
 * running brokers take up at their next start (keys/federation-entity-keys.ts: the entity
 * keys are read once, and the relying-party keys only change when an instance starts), where
 * the cache starts empty. The signature is reused for up to a minute while the document
 * stays the same.
 */
import type Router from "@koa/router";
import { SignJWT, type JWK } from "jose";
import type { PrismaClient } from "@lotse/db";
import { LOTSE_RELYING_PARTY_METADATA, TELEMATIK_SCOPES } from "@lotse/domain";
import { NO_APPLICATION_CACHE, type ApplicationCache } from "../applications/application-cache.js";
import type { FederationEntityKeys } from "../keys/federation-entity-keys.js";
import { federationPublicJwks } from "../keys/federation-keys.js";
import { upstreamRedirectUris } from "../login/upstream-redirect-uri.js";

export const ENTITY_CONFIGURATION_PATH = "/.well-known/openid-federation";

/** gematik's recommended lifetime of an entity statement. */
const LIFETIME_SECONDS = 24 * 60 * 60;
/** How long one signature is reused while nothing in the configuration changed. */
const REUSE_MS = 60_000;
/** The document's entry in the client cache, next to the `client:` and `secrets:` entries. */
const CACHE_KEY = "federation:entity-configuration";

export interface EntityConfigurationOptions {
  issuer: string;
  federationMasterUrl: string;
  organizationName: string;
  prisma: PrismaClient;
  entityKeys: FederationEntityKeys;
  /** Where the built document is kept; by default it is built for every request. */
  cache?: ApplicationCache;
}

/** The claims of the configuration except iat/exp. */
export async function entityConfigurationClaims(options: EntityConfigurationOptions) {
  const { issuer, prisma } = options;
  const applications = await prisma.application.findMany({
    where: { enabled: true },
    select: { redirectUris: true },
  });
  // The client-auth ("sig", with its x5c certificate for mTLS) and ID-token encryption keys.
  const clientJwks: { keys: JWK[] } = await federationPublicJwks(prisma);
  return {
    iss: issuer,
    sub: issuer,
    jwks: options.entityKeys.publicJwks,
    authority_hints: [options.federationMasterUrl],
    metadata: {
      openid_relying_party: {
        // Response and grant types, CIBA, client auth, ID-token algorithms, the default acr.
        ...LOTSE_RELYING_PARTY_METADATA,
        organization_name: options.organizationName,
        redirect_uris: upstreamRedirectUris(issuer, applications),
        scope: ["openid", ...TELEMATIK_SCOPES].join(" "),
        jwks: clientJwks,
      },
      federation_entity: {
        name: "Lotse",
        organization_name: options.organizationName,
        homepage_uri: issuer,
      },
    },
  };
}

export function createEntityConfiguration(
  options: EntityConfigurationOptions,
): () => Promise<string> {
  const cache = options.cache ?? NO_APPLICATION_CACHE;
  const build = async () => {
    const claims = await entityConfigurationClaims(options);
    return { claims, content: JSON.stringify(claims) };
  };
  let last: { content: string; jwt: string; at: number } | undefined;
  return async () => {
    // `get` answers undefined only where a load found nothing, which `build` never does.
    const { claims, content } = (await cache.get(CACHE_KEY, build)) ?? (await build());
    if (last && last.content === content && Date.now() - last.at < REUSE_MS) return last.jwt;
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({
        alg: "ES256",
        kid: options.entityKeys.signing.kid,
        typ: "entity-statement+jwt",
      })
      .setIssuedAt(now)
      .setExpirationTime(now + LIFETIME_SECONDS)
      .sign(options.entityKeys.signing.privateKey);
    last = { content, jwt, at: Date.now() };
    return jwt;
  };
}

export function registerEntityConfiguration(router: Router, sign: () => Promise<string>): void {
  router.get(ENTITY_CONFIGURATION_PATH, async (ctx) => {
    // OpenID Federation 1.0 §9.2: the entity statement media type; always re-read, since an
    // insurer re-reads it to learn a new redirect URI.
    ctx.type = "application/entity-statement+jwt";
    ctx.set("Cache-Control", "no-cache");
    ctx.body = await sign();
  });
}
