/**
 * Trust chains (OpenID Federation 1.0 §10, gematik's sectoral IDP federation): from the
 * trust anchor the broker pins by configuration down to an insurer's ID-token keys.
 *
 * 1. The master's entity configuration, verified with the pinned trust anchor (§10.2: the
 *    anchor's keys come from configuration, never from the statement itself).
 * 2. The master's subordinate statement about the insurer (its fetch endpoint, §8.1),
 *    verified with the master's keys: it names the insurer's federation entity keys.
 * 3. The insurer's entity configuration, verified with those keys; iss = sub = the
 *    insurer, `authority_hints` names the master.
 * 4. The insurer's signed JWKS (`signed_jwks_uri`), verified with its entity keys: the keys
 *    its ID tokens are signed with.
 * 5. Its OpenID provider metadata (`metadata.openid_provider`), whose issuer is the entity.
 *
 * Every document needs `iat` and `exp`; the chain expires with its earliest `exp`.
 * Metadata policies of the superior (§6.1) are not applied: the gematik master issues none.
 */
import type { JSONWebKeySet } from "jose";
import { z } from "zod";
import {
  fetchSignedDocument,
  TrustFailure,
  verifySignedDocument,
  type FederationFetch,
  type TrustDocument,
} from "./entity-statement.js";

export const ENTITY_STATEMENT_TYP = "entity-statement+jwt";
/** gematik's signed JWKS (gemSpec_IDP_Sek): header `typ` of the JWT at `signed_jwks_uri`. */
export const SIGNED_JWKS_TYP = "jwk-set+json";

/** Public keys only: a private part in a published key set is refused. */
const publicJwks = z.object({
  keys: z
    .array(
      z
        .object({ kty: z.string(), d: z.never().optional() })
        .catchall(z.unknown())
        .transform((key) => key as JSONWebKeySet["keys"][number]),
    )
    .min(1),
});

const masterConfiguration = z.object({
  jwks: publicJwks,
  metadata: z.object({
    federation_entity: z
      .object({ federation_fetch_endpoint: z.url(), idp_list_endpoint: z.url() })
      .loose(),
  }),
});

const subordinateStatement = z.object({ jwks: publicJwks });

/** The OpenID provider metadata the broker needs of an insurer; the rest is kept as it is. */
const openidProvider = z
  .object({
    issuer: z.string().optional(),
    authorization_endpoint: z.url(),
    token_endpoint: z.url(),
    signed_jwks_uri: z.url(),
  })
  .loose();

const insurerConfiguration = z.object({
  jwks: publicJwks,
  authority_hints: z.array(z.string()).min(1),
  metadata: z.object({ openid_provider: openidProvider }).loose(),
});

const signedJwks = publicJwks.loose();

export interface VerifiedMaster {
  entityId: string;
  /** The master's keys, from its configuration as the trust anchor verified it. */
  keys: JSONWebKeySet;
  fetchEndpoint: string;
  idpListEndpoint: string;
  /** `exp` of its configuration, ms since the epoch. */
  expiresAt: number;
}

export type OpenIdProviderMetadata = z.infer<typeof openidProvider> & { issuer: string };

export interface InsurerTrustChain {
  issuer: string;
  /** `metadata.openid_provider` of the verified entity configuration. */
  provider: OpenIdProviderMetadata;
  /** The insurer's ID-token signing keys, from its verified signed JWKS. */
  idTokenKeys: JSONWebKeySet;
  /** The earliest `exp` of the chain's documents, ms since the epoch. */
  expiresAt: number;
}

function parsed<T extends z.ZodType>(
  schema: T,
  payload: unknown,
  document: TrustDocument,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TrustFailure(
      "malformed",
      document,
      `the ${what} lacks a valid ${issue?.path.join(".") || "body"}`,
    );
  }
  return result.data;
}

const wellKnown = (entityId: string) => `${entityId}/.well-known/openid-federation`;

/** Step 1: the master's configuration, verified by the pinned trust anchor. */
export async function verifyMasterConfiguration(
  send: FederationFetch,
  masterId: string,
  trustAnchor: JSONWebKeySet,
  now: number,
): Promise<VerifiedMaster> {
  const document = "master_configuration";
  const jwt = await fetchSignedDocument(send, wellKnown(masterId), document);
  const payload = await verifySignedDocument(jwt, {
    keys: trustAnchor,
    typ: ENTITY_STATEMENT_TYP,
    issuer: masterId,
    subject: masterId,
    document,
    now,
  });
  const statement = parsed(masterConfiguration, payload, document, "master's configuration");
  const entity = statement.metadata.federation_entity;
  return {
    entityId: masterId,
    keys: statement.jwks,
    fetchEndpoint: entity.federation_fetch_endpoint,
    idpListEndpoint: entity.idp_list_endpoint,
    expiresAt: payload.exp * 1000,
  };
}

/** Steps 2–5 for one insurer, under an already verified master. */
export async function resolveInsurerChain(
  send: FederationFetch,
  master: VerifiedMaster,
  issuer: string,
  now: number,
): Promise<InsurerTrustChain> {
  // 2. What the master says about the insurer (OpenID Federation 1.0 §8.1.1).
  const fetchUrl = new URL(master.fetchEndpoint);
  fetchUrl.searchParams.set("sub", issuer);
  const subordinateJwt = await fetchSignedDocument(send, fetchUrl.href, "subordinate_statement");
  const subordinatePayload = await verifySignedDocument(subordinateJwt, {
    keys: master.keys,
    typ: ENTITY_STATEMENT_TYP,
    issuer: master.entityId,
    subject: issuer,
    document: "subordinate_statement",
    now,
  });
  const subordinate = parsed(
    subordinateStatement,
    subordinatePayload,
    "subordinate_statement",
    "master's statement",
  );

  // 3. The insurer's own configuration, signed by a key the master vouches for.
  const configurationJwt = await fetchSignedDocument(
    send,
    wellKnown(issuer),
    "entity_configuration",
  );
  const configurationPayload = await verifySignedDocument(configurationJwt, {
    keys: subordinate.jwks,
    typ: ENTITY_STATEMENT_TYP,
    issuer,
    subject: issuer,
    document: "entity_configuration",
    now,
  });
  const configuration = parsed(
    insurerConfiguration,
    configurationPayload,
    "entity_configuration",
    "insurer's configuration",
  );
  if (!configuration.authority_hints.includes(master.entityId))
    throw new TrustFailure(
      "not_subordinate",
      "entity_configuration",
      `the insurer's configuration does not name ${master.entityId} as its authority`,
    );
  const provider = configuration.metadata.openid_provider;
  // The entity is the OpenID provider (gematik: entity identifier = issuer).
  if (provider.issuer !== undefined && provider.issuer !== issuer)
    throw new TrustFailure(
      "wrong_issuer",
      "entity_configuration",
      `the insurer's OpenID provider metadata names the issuer ${provider.issuer}`,
    );

  // 4. The keys of its ID tokens, signed with its entity key.
  const jwksJwt = await fetchSignedDocument(send, provider.signed_jwks_uri, "signed_jwks");
  const jwksPayload = await verifySignedDocument(jwksJwt, {
    keys: configuration.jwks,
    typ: SIGNED_JWKS_TYP,
    issuer,
    document: "signed_jwks",
    now,
  });
  const idTokenKeys = parsed(signedJwks, jwksPayload, "signed_jwks", "signed JWKS");

  return {
    issuer,
    provider: { ...provider, issuer },
    idTokenKeys: { keys: idTokenKeys.keys },
    expiresAt:
      Math.min(
        subordinatePayload.exp,
        configurationPayload.exp,
        jwksPayload.exp,
        master.expiresAt / 1000,
      ) * 1000,
  };
}
