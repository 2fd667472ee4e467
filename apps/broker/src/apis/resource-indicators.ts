/**
 * oidc-provider's resource indicators (RFC 8707, `features.resourceIndicators`) for both
 * kinds of resource server the broker knows: a SMART app's FHIR server (smart/) and an
 * organisation's APIs (docs/apis.md). An API's access tokens are JWTs (RFC 9068) or opaque,
 * as registered, for its identifier only and with only its scopes the app was granted.
 */
import type { Client, KoaContextWithOIDC } from "oidc-provider";
import { scopeList } from "../smart/scopes.js";
import { lotseFields } from "../applications/client-metadata.js";
import { smartResourceIndicators } from "../smart/resource-server.js";
import { apiForScopes, apiGrantOf } from "./api-resources.js";

export function resourceIndicators() {
  const smart = smartResourceIndicators();
  return {
    enabled: true as const,
    defaultResource: async (ctx: KoaContextWithOIDC, client: Client, oneOf?: readonly string[]) => {
      if (oneOf) return oneOf;
      const fhir = await smart.defaultResource(ctx, client);
      if (fhir) return fhir;
      // The classic request names the API by its scopes only (scope=user_api.full_access).
      return apiForScopes(lotseFields(client).lotseApiGrants, scopeList(ctx.oidc.params?.scope))
        ?.identifier;
    },
    useGrantedResource: smart.useGrantedResource,
    getResourceServerInfo: async (ctx: KoaContextWithOIDC, resource: string, client: Client) => {
      const api = apiGrantOf(client, resource);
      if (!api) return smart.getResourceServerInfo(ctx, resource, client);
      return {
        scope: api.scopes.join(" "),
        audience: api.identifier,
        accessTokenTTL: api.accessTokenTtl,
        ...(api.tokenFormat === "JWT"
          ? { accessTokenFormat: "jwt" as const, jwt: { sign: { alg: "RS256" as const } } }
          : { accessTokenFormat: "opaque" as const }),
      };
    },
  };
}
