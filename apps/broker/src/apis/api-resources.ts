/**
 * An organisation's APIs as resource servers (RFC 8707, docs/apis.md): which API a request
 * is for, by its `resource` indicator or, for clients that only know scopes (the classic
 * `scope=user_api.full_access`), by the API scopes it asks for among the app's grants.
 */
import type { Client } from "oidc-provider";
import { scopeList } from "../smart/scopes.js";
import { lotseFields, type LotseApiGrant } from "../applications/client-metadata.js";

/** The API of the app's grants whose scopes the request asks for (the first such). */
export function apiForScopes(
  grants: readonly LotseApiGrant[],
  requested: readonly string[],
): LotseApiGrant | undefined {
  return grants.find((grant) => requested.some((scope) => grant.scopes.includes(scope)));
}

export function apiGrantOf(client: Client, identifier: string): LotseApiGrant | undefined {
  return lotseFields(client).lotseApiGrants.find((grant) => grant.identifier === identifier);
}

/**
 * The API an authorization request is for and the scopes the grant holds for it: its
 * `resource`, or the API whose scopes were asked for; only scopes the app was granted.
 */
export function apiResourceOf(
  client: Client,
  params: Record<string, unknown>,
): { indicator: string; scopes: string[] } | undefined {
  const grants = lotseFields(client).lotseApiGrants;
  const requested = scopeList(params.scope);
  const grant =
    typeof params.resource === "string"
      ? grants.find((candidate) => candidate.identifier === params.resource)
      : apiForScopes(grants, requested);
  if (!grant) return undefined;
  return {
    indicator: grant.identifier,
    scopes: requested.filter((scope) => grant.scopes.includes(scope)),
  };
}
