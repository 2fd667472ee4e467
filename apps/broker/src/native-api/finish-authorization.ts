/**
 * Finishes a pending authorization without the browser's cookies (DESIGN.md §4 "Mobile
 * flows", verified with oidc-provider 9.13): a Grant for the account, then an
 * AuthorizationCode bound to the app's original redirect_uri, PKCE challenge and nonce
 * from the interaction. Public model API only; the token endpoint then enforces PKCE,
 * redirect URI and single use exactly as for a code from the browser flow.
 */
import type Provider from "oidc-provider";
import type { Client, Interaction } from "oidc-provider";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";
import { grantableScopes, saveGrant } from "../interactions/complete-login.js";

export interface IssuedCode {
  code: string;
  grantId: string;
}

export async function issueCode(
  provider: Provider,
  options: {
    interaction: Interaction;
    client: Client;
    accountId: string;
    identity: UpstreamIdentity;
  },
): Promise<IssuedCode> {
  const { interaction, client, accountId, identity } = options;
  const params = interaction.params as Record<string, unknown>;
  const scopes = grantableScopes(client, params.scope);
  const grantId = await saveGrant(provider, { accountId, client, scopes });
  const optional = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  const code = new provider.AuthorizationCode({
    accountId,
    client,
    grantId,
    scope: scopes.join(" "),
    redirectUri: String(params.redirect_uri),
    // oidc-provider required PKCE S256 on the authorize request (RFC 9700 §2.1.1).
    codeChallenge: String(params.code_challenge),
    codeChallengeMethod: "S256",
    nonce: optional(params.nonce),
    authTime: identity.authTime ?? Math.floor(Date.now() / 1000),
    acr: identity.acr,
    amr: identity.amr,
    // No browser session carries this login (configuration.ts: tokens never expire with one).
    expiresWithSession: false,
    gty: "authorization_code",
  });
  return { code: await code.save(), grantId };
}
