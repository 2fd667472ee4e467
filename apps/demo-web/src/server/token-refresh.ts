/**
 * The refresh_token grant (RFC 6749 §6) against the broker's token endpoint, with
 * client_secret_basic. The broker rotates refresh tokens (RFC 9700 §4.14.2): the answer's
 * refresh_token replaces ours, and presenting the old one again revokes the whole grant.
 */
import { z } from "zod";
import { decodeJwt } from "../lib/decode-jwt";

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

export interface RefreshedTokens {
  accessToken: string;
  /** Seconds since the epoch. */
  accessTokenExpiresAt: number;
  refreshToken: string;
  idToken: string;
}

/** The broker refused (an OAuth error such as invalid_grant) or answered nonsense. */
export class RefreshError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RefreshError";
  }
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

/**
 * OIDC Core §12.2: an ID token from a refresh must have the same iss, sub and aud as the
 * one of the login. The token comes straight from the token endpoint over the
 * authenticated back channel, where OIDC Core §3.1.3.7 (6) lets TLS stand in for the
 * signature check, as it does at login.
 */
function checkRefreshedIdToken(previous: string, next: string): void {
  const before = decodeJwt(previous).payload;
  const after = decodeJwt(next).payload;
  for (const claim of ["iss", "sub", "aud"] as const) {
    if (JSON.stringify(before[claim]) !== JSON.stringify(after[claim])) {
      throw new RefreshError("invalid_id_token", `the refreshed ID token has another ${claim}`);
    }
  }
}

export async function refreshTokens(options: {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  idToken: string;
  now?: () => number;
  fetch?: typeof fetch;
}): Promise<RefreshedTokens> {
  const send = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const response = await send(options.tokenEndpoint, {
    method: "POST",
    headers: {
      authorization: clientSecretBasic(options.clientId, options.clientSecret),
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: options.refreshToken }),
    cache: "no-store",
    signal: AbortSignal.timeout(10_000),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = z.object({ error: z.string(), error_description: z.string().optional() });
    const parsed = error.safeParse(body);
    throw parsed.success
      ? new RefreshError(parsed.data.error, parsed.data.error_description ?? parsed.data.error)
      : new RefreshError("server_error", `the token endpoint answered ${response.status}`);
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new RefreshError(
      "invalid_response",
      "the token endpoint's answer is not a token response",
    );
  }
  const tokens = parsed.data;
  if (tokens.id_token) checkRefreshedIdToken(options.idToken, tokens.id_token);
  return {
    accessToken: tokens.access_token,
    accessTokenExpiresAt: Math.floor(now() / 1000) + tokens.expires_in,
    // Without rotation the old refresh token stays valid (RFC 6749 §6).
    refreshToken: tokens.refresh_token ?? options.refreshToken,
    idToken: tokens.id_token ?? options.idToken,
  };
}
