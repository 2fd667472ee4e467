/**
 * The token endpoint (RFC 6749 §4.1.3, §6; RFC 7636 §4.5) and revocation (RFC 7009), with the
 * client authentication the broker offers (docs/api.md): `client_secret_basic` for an app with
 * a secret (its backend), otherwise a public client that sends `client_id` in the body.
 */
import { base64urlEncode } from "./base64url.js";
import type { ClientContext } from "./context.js";
import { LotseProtocolError } from "./errors.js";
import { formPost, isRecord } from "./http.js";
import { checkIdTokenClaims, decodeIdToken, type IdTokenClaims } from "./id-token.js";

export interface TokenSet {
  accessToken: string;
  tokenType: string;
  /** Seconds, as the broker sent it. */
  expiresIn?: number;
  /** Milliseconds since the epoch, computed when the answer arrived. */
  expiresAt?: number;
  refreshToken?: string;
  idToken?: string;
  scope?: string;
  /** The ID token's claims, checked as described in id-token.ts (not a signature check). */
  claims?: IdTokenClaims;
}

/** RFC 6749 §2.3.1: id and secret are form-encoded, then base64 (not base64url) encoded. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const form = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  const ascii = Uint8Array.from(`${form(clientId)}:${form(clientSecret)}`, (char) =>
    char.charCodeAt(0),
  );
  const base64 = base64urlEncode(ascii).replace(/-/g, "+").replace(/_/g, "/");
  return `Basic ${base64}${"=".repeat((4 - (base64.length % 4)) % 4)}`;
}

/** POSTs to an endpoint of the broker with the client's authentication. */
export function authenticatedPost(
  context: ClientContext,
  url: string,
  params: Record<string, string>,
): Promise<unknown> {
  if (context.clientSecret === undefined)
    return formPost(context.fetch, url, { ...params, client_id: context.clientId });
  return formPost(context.fetch, url, params, {
    authorization: basicAuthorization(context.clientId, context.clientSecret),
  });
}

function optional<T>(body: Record<string, unknown>, name: string, type: string): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type)
    throw new LotseProtocolError("invalid_response", `The token answer's ${name} is malformed.`);
  return value as T;
}

function readTokenResponse(
  context: ClientContext,
  body: unknown,
  nonce: string | undefined,
): TokenSet {
  if (
    !isRecord(body) ||
    typeof body.access_token !== "string" ||
    typeof body.token_type !== "string"
  )
    throw new LotseProtocolError(
      "invalid_response",
      "The token answer lacks access_token or token_type.",
    );
  const expiresIn = optional<number>(body, "expires_in", "number");
  const idToken = optional<string>(body, "id_token", "string");
  const tokens: TokenSet = { accessToken: body.access_token, tokenType: body.token_type };
  if (expiresIn !== undefined) {
    tokens.expiresIn = expiresIn;
    tokens.expiresAt = Date.now() + expiresIn * 1000;
  }
  const refreshToken = optional<string>(body, "refresh_token", "string");
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  const scope = optional<string>(body, "scope", "string");
  if (scope !== undefined) tokens.scope = scope;
  if (idToken === undefined) {
    // OIDC Core §3.1.3.3: a code requested with a nonce (scope openid) yields an ID token.
    if (nonce !== undefined)
      throw new LotseProtocolError("invalid_id_token", "The token answer has no ID token.");
    return tokens;
  }
  // OIDC Core §3.1.3.7 (6): received over TLS straight from the token endpoint, so the
  // claim checks stand in for the signature check.
  const claims = decodeIdToken(idToken);
  checkIdTokenClaims(claims, {
    issuer: context.issuer,
    clientId: context.clientId,
    nonce,
    now: Math.floor(Date.now() / 1000),
    clockTolerance: context.clockTolerance,
  });
  return { ...tokens, idToken, claims };
}

export interface RedeemCodeOptions {
  code: string;
  codeVerifier: string;
  /** The nonce of the authorization request; checked against the ID token. */
  nonce?: string;
  /** When the authorization request used another redirect URI than the client's default. */
  redirectUri?: string;
}

export async function redeemCode(
  context: ClientContext,
  options: RedeemCodeOptions,
): Promise<TokenSet> {
  const { token_endpoint } = await context.metadata();
  const body = await authenticatedPost(context, token_endpoint, {
    grant_type: "authorization_code",
    code: options.code,
    redirect_uri: options.redirectUri ?? context.redirectUri,
    code_verifier: options.codeVerifier,
  });
  return readTokenResponse(context, body, options.nonce);
}

/** RFC 6749 §6. The broker rotates refresh tokens: store the new one, drop the old one. */
export async function refresh(
  context: ClientContext,
  refreshToken: string,
  options: { scope?: string } = {},
): Promise<TokenSet> {
  const { token_endpoint } = await context.metadata();
  const body = await authenticatedPost(context, token_endpoint, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    ...(options.scope ? { scope: options.scope } : {}),
  });
  // OIDC Core §12.2: a refreshed ID token has no nonce to check.
  return readTokenResponse(context, body, undefined);
}

/** RFC 7009. Revoking a refresh token ends the whole grant at the broker. */
export async function revoke(
  context: ClientContext,
  token: string,
  tokenTypeHint?: "access_token" | "refresh_token",
): Promise<void> {
  const { revocation_endpoint } = await context.metadata();
  if (!revocation_endpoint)
    throw new LotseProtocolError("invalid_response", "The broker has no revocation endpoint.");
  await authenticatedPost(context, revocation_endpoint, {
    token,
    ...(tokenTypeHint ? { token_type_hint: tokenTypeHint } : {}),
  });
}
