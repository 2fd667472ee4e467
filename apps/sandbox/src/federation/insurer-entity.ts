import type Router from "@koa/router";
import { SignJWT } from "jose";
import type Provider from "oidc-provider";
import { generateSigningKey, type SigningKey } from "../keys/signing-key.js";
import { idpLogoUri, type IdpDefinition } from "../idp/idp-registry.js";
import { ENTITY_STATEMENT_MEDIA_TYPE, lifetime, signEntityStatement } from "./entity-statement.js";
import type { FederationFaults } from "./faults.js";

/** Where an insurer's signed JWKS is, relative to its issuer. */
export const SIGNED_JWKS_PATH = "/federation/jwks.jwt";

/** The endpoints a client authenticates at: those RFC 8705 §5 lets an OP alias for mTLS. */
const MTLS_ALIASED = [
  "token_endpoint",
  "pushed_authorization_request_endpoint",
  "backchannel_authentication_endpoint",
] as const;

/** One insurer as a federation member: what its entity configuration and signed JWKS need. */
export interface InsurerEntity {
  definition: IdpDefinition;
  issuer: string;
  provider: Provider;
  /** Signs the insurer's federation documents; not the ID-token key. */
  entityKey: SigningKey;
  /** The ID-token key: its public half is what the signed JWKS carries. */
  signingKey: SigningKey;
}

/**
 * Serves `${issuer}/.well-known/openid-federation`, the insurer's self-signed entity
 * configuration (OpenID Federation 1.0 §3, §9; gemSpec_IDP_FD). Its `openid_provider`
 * metadata is oidc-provider's own discovery document for this insurer, so the two can
 * never disagree: the request is answered by the discovery route, and the document is
 * then signed instead of sent as JSON. `jwks_uri` is replaced by `signed_jwks_uri`, so the
 * ID-token keys are reachable only through the trust chain.
 */
export function installEntityConfiguration(
  insurer: InsurerEntity,
  options: {
    sandboxUrl: string;
    masterEntityId: string;
    mtlsUrl: string;
    faults: FederationFaults;
  },
): void {
  const { definition, issuer, provider, entityKey } = insurer;
  const issuerPath = new URL(issuer).pathname;
  provider.use(async (ctx, next) => {
    if (ctx.path !== "/.well-known/openid-federation" || !["GET", "HEAD"].includes(ctx.method)) {
      return next();
    }
    // Answered by oidc-provider's discovery route; mountProvider's originalUrl must follow,
    // since oidc-provider derives the mount path (and so every URL) from it.
    const req = ctx.req as typeof ctx.req & { originalUrl?: string };
    req.originalUrl = `${issuerPath}/.well-known/openid-configuration`;
    ctx.path = "/.well-known/openid-configuration";
    await next();
    if (ctx.status !== 200 || typeof ctx.body !== "object" || ctx.body === null) return;

    const { jwks_uri: _unsignedJwks, ...discovery } = ctx.body as Record<string, unknown>;
    const mtls = definition.clientAuthMethod === "self_signed_tls_client_auth";
    const openidProvider = {
      ...discovery,
      signed_jwks_uri: `${issuer}${SIGNED_JWKS_PATH}`,
      // gemSpec_IDP_FD: relying parties register automatically, from their entity statement.
      client_registration_types_supported: ["automatic"],
      token_endpoint_auth_methods_supported: [definition.clientAuthMethod],
      token_endpoint_auth_signing_alg_values_supported: ["ES256"],
      ...(mtls
        ? {
            mtls_endpoint_aliases: Object.fromEntries(
              MTLS_ALIASED.map((name) => [
                name,
                mtlsAlias(discovery[name], issuer, options.mtlsUrl, options.sandboxUrl),
              ]),
            ),
          }
        : {}),
      organization_name: definition.organizationName,
      logo_uri: idpLogoUri(options.sandboxUrl, definition.name),
      user_type_supported: "IP",
    };
    const fault = options.faults.of(definition.name);
    const signWith =
      fault === "bad-signature" ? await generateSigningKey(`rogue-${definition.name}`) : undefined;
    ctx.body = await signEntityStatement(
      entityKey,
      {
        iss: issuer,
        sub: issuer,
        jwks: { keys: [entityKey.publicJwk] },
        authority_hints: [options.masterEntityId],
        metadata: {
          openid_provider: openidProvider,
          federation_entity: { name: definition.organizationName, homepage_uri: issuer },
        },
      },
      { expired: fault === "expired", ...(signWith ? { signWith } : {}) },
    );
    ctx.type = ENTITY_STATEMENT_MEDIA_TYPE;
    ctx.set("Cache-Control", "no-cache");
  });
}

/** The endpoint on the mTLS listener: same path, SANDBOX_MTLS_URL's origin (and path prefix). */
function mtlsAlias(endpoint: unknown, issuer: string, mtlsUrl: string, sandboxUrl: string) {
  if (typeof endpoint !== "string") throw new Error(`${issuer} lacks an endpoint to alias`);
  return `${mtlsUrl}${endpoint.slice(sandboxUrl.length)}`;
}

/**
 * The insurer's signed JWKS (OpenID Federation 1.0 §5.2.1 `signed_jwks_uri`): its ID-token
 * keys in a JWT signed with its entity key, `typ: jwk-set+json`.
 */
export async function signInsurerJwks(
  insurer: InsurerEntity,
  options: { signWith?: SigningKey } = {},
): Promise<string> {
  const { iat, exp } = lifetime();
  return new SignJWT({ keys: [insurer.signingKey.publicJwk] })
    .setProtectedHeader({ alg: "ES256", kid: insurer.entityKey.kid, typ: "jwk-set+json" })
    .setIssuer(insurer.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign((options.signWith ?? insurer.entityKey).privateKey);
}

/** `GET ${issuer}/federation/jwks.jwt` for every insurer, with its faults. */
export function registerSignedJwksRoutes(
  router: Router,
  insurers: readonly InsurerEntity[],
  faults: FederationFaults,
): void {
  insurers.forEach((insurer, index) => {
    router.get(`${new URL(insurer.issuer).pathname}${SIGNED_JWKS_PATH}`, async (ctx) => {
      const fault = faults.of(insurer.definition.name);
      const served = fault === "swapped-jwks" ? insurers[(index + 1) % insurers.length]! : insurer;
      const signWith =
        fault === "bad-jwks-signature"
          ? await generateSigningKey(`rogue-${insurer.definition.name}`)
          : undefined;
      ctx.type = "application/jwk-set+jwt";
      ctx.set("Cache-Control", "no-cache");
      ctx.body = await signInsurerJwks(served, signWith ? { signWith } : {});
    });
  });
}
