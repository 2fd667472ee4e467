/**
 * A SMART application's FHIR server as an oidc-provider resource server (RFC 8707
 * resource indicators, oidc-provider's `features.resourceIndicators`): SMART's `aud`
 * parameter is the resource indicator, the access token is a JWT (RFC 9068) for that FHIR
 * base only, and it carries the launch context the FHIR server enforces (`patient`) as
 * extra claims (oidc-provider's `extraTokenClaims`).
 */
import { SMART_SIMULATED_ERROR_CLAIM } from "@lotse/domain";
import { errors, type Client, type KoaContextWithOIDC } from "oidc-provider";
import { lotseFields } from "../applications/client-metadata.js";
import type { SmartContextStore } from "./context-store.js";
import { sameFhirBase, scopeList, smartScopesToGrant } from "./scopes.js";

/** The scopes in play at this request: asked for now, or those of the code or refresh token. */
function scopesInPlay(ctx: KoaContextWithOIDC): string[] {
  const { params, entities } = ctx.oidc;
  if (typeof params?.scope === "string") return scopeList(params.scope);
  const source = entities.AuthorizationCode ?? entities.RefreshToken;
  return scopeList(source?.scope);
}

export function smartResourceIndicators() {
  return {
    enabled: true as const,
    // SMART apps name their FHIR server with `aud` (SMART 2.2 §2.0.5), not `resource`.
    defaultResource: async (ctx: KoaContextWithOIDC, client: Client, oneOf?: readonly string[]) => {
      if (oneOf) return oneOf;
      const aud = ctx.oidc.params?.aud;
      return lotseFields(client).lotseSmart && typeof aud === "string" && aud ? aud : undefined;
    },
    // The code and the refresh tokens of a grant for a FHIR server stay for that server.
    useGrantedResource: async () => true,
    getResourceServerInfo: async (ctx: KoaContextWithOIDC, resource: string, client: Client) => {
      const fields = lotseFields(client);
      const smart = fields.lotseSmart;
      if (!smart || !sameFhirBase(resource, smart.fhirBaseUrl))
        throw new errors.InvalidTarget(
          "this application is registered for no resource server by that name",
        );
      const { granted, malformed } = smartScopesToGrant(
        smart,
        new Set(scopeList(client.scope)),
        scopesInPlay(ctx),
      );
      if (malformed.length > 0)
        throw new errors.InvalidScope("malformed SMART scope", malformed.join(" "));
      return {
        scope: granted.join(" "),
        audience: resource,
        accessTokenFormat: "jwt" as const,
        accessTokenTTL: fields.lotseAccessTokenTtl,
        jwt: { sign: { alg: "RS256" as const } },
      };
    },
  };
}

interface TokenWithResource {
  kind?: string;
  grantId?: string;
  resourceServer?: { audience?: string };
}

/**
 * The context claims of a FHIR access token: `patient` (the compartment the FHIR server
 * confines `patient/` scopes to), `fhirUser`, and a launcher-simulated FHIR error.
 */
export function smartTokenClaims(contexts: SmartContextStore) {
  return async (_ctx: KoaContextWithOIDC, token: unknown) => {
    const { kind, grantId, resourceServer } = token as TokenWithResource;
    if (kind !== "AccessToken" || !resourceServer || !grantId) return undefined;
    const context = await contexts.load(grantId);
    if (!context) return undefined;
    const simulated = context.simulatedError?.startsWith("request_")
      ? context.simulatedError
      : undefined;
    return {
      ...(context.patient ? { patient: context.patient } : {}),
      // An absolute URL, as in the ID token (SMART 2.2 §2.0.10).
      ...(context.fhirUser
        ? { fhirUser: `${context.fhirBaseUrl.replace(/\/+$/, "")}/${context.fhirUser}` }
        : {}),
      ...(simulated ? { [SMART_SIMULATED_ERROR_CLAIM]: simulated } : {}),
    };
  };
}
