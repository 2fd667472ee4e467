/**
 * The grant a login ends in, the same for the browser and the native flows: the scopes the
 * application may have, recorded on a fresh oidc-provider Grant (public model API).
 */
import type Provider from "oidc-provider";
import type { Client } from "oidc-provider";
import { lotseFields } from "../applications/client-metadata.js";

/** Requested scopes the client registered; offline_access only with the refresh_token grant. */
export function grantableScopes(client: Client, requested: unknown): string[] {
  const allowed = new Set((client.scope ?? "").split(" ").filter(Boolean));
  return [...new Set(String(requested ?? "").split(" "))].filter(
    (scope) =>
      allowed.has(scope) &&
      (scope !== "offline_access" || client.grantTypeAllowed("refresh_token")),
  );
}

/**
 * A new Grant for (account, client) with the given OIDC scopes, living as long as the
 * application's refresh tokens (the longest any token of the grant may live). Each login
 * gets its own grant: what the person approved upstream this time is what counts.
 */
export async function saveGrant(
  provider: Provider,
  options: {
    accountId: string;
    client: Client;
    scopes: string[];
    /** A SMART grant's FHIR server and the scopes for it (login/smart-context.ts). */
    resource?: { indicator: string; scopes: string[] } | undefined;
  },
): Promise<string> {
  const grant = new provider.Grant({
    accountId: options.accountId,
    clientId: options.client.clientId,
  });
  // BaseToken's `expiresIn` (oidc-provider 9.13), missing from @types/oidc-provider.
  (grant as unknown as { expiresIn: number }).expiresIn = lotseFields(
    options.client,
  ).lotseRefreshTokenTtl;
  grant.addOIDCScope(options.scopes.join(" "));
  if (options.resource)
    grant.addResourceScope(options.resource.indicator, options.resource.scopes.join(" "));
  return grant.save();
}
