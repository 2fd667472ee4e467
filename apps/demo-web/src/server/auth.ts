/**
 * next-auth v5 with its generic OIDC provider, configured by nothing but the broker's
 * discovery URL: the way any Next.js app would sign people in through Lotse.
 *
 * The session is a JWT in an encrypted cookie (no database) holding the ID, access and
 * refresh tokens. Refreshing happens only where the rotated refresh token can be written
 * back to the cookie: a server action or route handler calling `requestRefresh` (below;
 * used by app/actions.ts and app/session/refresh). A Server Component cannot set cookies;
 * refreshing there would lose the new refresh token, and presenting the old one again makes
 * the broker revoke the whole grant (RFC 9700 §4.14.2).
 */
import { createHash } from "node:crypto";
import NextAuth, { type DefaultSession, type Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { OIDCConfig } from "next-auth/providers";
import { env } from "../env";
import { resolveSecrets } from "../env-schema";
import { DEMO_WEB_SCOPE } from "../lib/scopes";
import { accessTokenExpired } from "../lib/token-expiry";
import { brokerMetadata } from "./broker-metadata";
import { sessionCookies } from "./session-cookies";
import { clientSecretBasic, RefreshError, refreshTokens } from "./token-refresh";

export type RefreshReason = "expired" | "manual";

declare module "next-auth" {
  interface Session {
    /** The ID token of the login (or of the last refresh): shown decoded, used as id_token_hint. */
    idToken: string;
    /** Seconds since the epoch. */
    accessTokenExpiresAt: number;
    /** When the access token was issued (seconds), to judge "expired" relative to its lifetime. */
    accessTokenIssuedAt: number;
    /** Short SHA-256 fingerprints, never the tokens: they show that a refresh rotated them. */
    accessTokenFingerprint: string;
    refreshTokenFingerprint: string;
    refreshCount: number;
    lastRefresh?: { at: number; reason: RefreshReason };
    /** Set when a refresh failed; the person has to sign in again. */
    error?: string;
    user: DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    idToken?: string;
    accessToken?: string;
    accessTokenExpiresAt?: number;
    accessTokenIssuedAt?: number;
    refreshToken?: string;
    refreshCount?: number;
    lastRefresh?: { at: number; reason: RefreshReason };
    error?: string;
  }
}

function fingerprint(token: string | undefined): string {
  return token ? createHash("sha256").update(token).digest("hex").slice(0, 12) : "";
}

function isRefreshRequest(data: unknown): data is { refresh: RefreshReason } {
  if (typeof data !== "object" || data === null || !("refresh" in data)) return false;
  return data.refresh === "expired" || data.refresh === "manual";
}

export const {
  handlers,
  auth,
  signIn,
  signOut,
  unstable_update: updateSession,
} = NextAuth(() => {
  // Read per request, never at import: `next build` imports this module without the
  // runtime configuration (see ../env.ts).
  const { authSecret, clientSecret } = resolveSecrets(env);
  const secure = env.DEMO_WEB_URL.startsWith("https://");
  const lotse: OIDCConfig<Record<string, unknown>> = {
    id: "lotse",
    name: "Lotse",
    type: "oidc",
    // Everything else (endpoints, keys, algorithms) comes from
    // <issuer>/.well-known/openid-configuration.
    issuer: env.BROKER_URL,
    clientId: env.DEMO_WEB_CLIENT_ID,
    clientSecret,
    client: { token_endpoint_auth_method: "client_secret_basic" },
    // RFC 9700 §2.1.1: PKCE for every client, confidential ones too; state and nonce on top.
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: DEMO_WEB_SCOPE } },
    // The person as next-auth's `user`: the pairwise sub and the released name.
    profile(claims) {
      const name = claims["urn:telematik:claims:display_name"];
      const email = claims["urn:telematik:claims:email"];
      return {
        id: String(claims.sub),
        name: typeof name === "string" ? name : null,
        email: typeof email === "string" ? email : null,
      };
    },
  };

  return {
    secret: authSecret,
    // demo-web serves people directly under its own host name (localhost in development:
    // Next rewrites 127.0.0.1 to localhost, DESIGN.md §8), so the Host header is trusted.
    trustHost: true,
    useSecureCookies: secure,
    cookies: sessionCookies(secure),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    providers: [lotse],
    logger: {
      // One line, never a token: next-auth's errors carry messages, not credentials.
      error(error) {
        console.error(`demo-web: auth: ${error.name}: ${error.message.split("\n")[0]}`);
      },
    },
    callbacks: {
      async jwt({ token, account, trigger, session }) {
        if (account) {
          // Just signed in: the tokens from the broker's token endpoint, already validated
          // by next-auth (oauth4webapi: iss, aud, azp, exp, iat, nonce; OIDC Core §3.1.3.7).
          const now = Math.floor(Date.now() / 1000);
          return {
            ...token,
            idToken: account.id_token,
            accessToken: account.access_token,
            accessTokenIssuedAt: now,
            accessTokenExpiresAt: account.expires_at ?? now + (account.expires_in ?? 0),
            refreshToken: account.refresh_token,
            refreshCount: 0,
          };
        }
        if (trigger !== "update" || !isRefreshRequest(session)) return token;
        return refreshed(token, session.refresh, clientSecret);
      },
      session({ session, token }) {
        return {
          ...session,
          idToken: token.idToken ?? "",
          accessTokenExpiresAt: token.accessTokenExpiresAt ?? 0,
          accessTokenIssuedAt: token.accessTokenIssuedAt ?? 0,
          accessTokenFingerprint: fingerprint(token.accessToken),
          refreshTokenFingerprint: fingerprint(token.refreshToken),
          refreshCount: token.refreshCount ?? 0,
          ...(token.lastRefresh ? { lastRefresh: token.lastRefresh } : {}),
          ...(token.error ? { error: token.error } : {}),
        };
      },
    },
    events: {
      // RFC 7009: revoke the refresh token when the person signs out here, so it is dead
      // even if the cookie was copied. The broker's own session ends via end_session.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token?.refreshToken) await revokeRefreshToken(token.refreshToken, clientSecret);
      },
    },
  };
});

/** The refresh_token grant, recorded in the session token; a failure is kept as `error`. */
async function refreshed(token: JWT, reason: RefreshReason, clientSecret: string): Promise<JWT> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (!token.refreshToken || !token.idToken) return { ...token, error: "no_refresh_token" };
  if (
    reason === "expired" &&
    token.accessTokenExpiresAt !== undefined &&
    !accessTokenExpired(
      {
        accessTokenExpiresAt: token.accessTokenExpiresAt,
        accessTokenIssuedAt: token.accessTokenIssuedAt ?? 0,
      },
      nowSeconds,
    )
  ) {
    return token;
  }
  try {
    const next = await refreshTokens({
      tokenEndpoint: (await brokerMetadata()).token_endpoint,
      clientId: env.DEMO_WEB_CLIENT_ID,
      clientSecret,
      refreshToken: token.refreshToken,
      idToken: token.idToken,
    });
    const { error: _previousError, ...rest } = token;
    return {
      ...rest,
      ...next,
      accessTokenIssuedAt: nowSeconds,
      refreshCount: (token.refreshCount ?? 0) + 1,
      lastRefresh: { at: nowSeconds, reason },
    };
  } catch (error) {
    const code = error instanceof RefreshError ? error.code : "refresh_failed";
    console.error(`demo-web: refresh failed: ${code}`);
    return { ...token, error: code };
  }
}

async function revokeRefreshToken(refreshToken: string, clientSecret: string): Promise<void> {
  try {
    const endpoint = (await brokerMetadata()).revocation_endpoint;
    if (!endpoint) return;
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        authorization: clientSecretBasic(env.DEMO_WEB_CLIENT_ID, clientSecret),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: "refresh_token" }),
      signal: AbortSignal.timeout(5000),
    });
    await response.body?.cancel();
    if (!response.ok) console.error(`demo-web: revocation answered ${response.status}`);
  } catch (error) {
    // Signing out here must not fail because the broker is unreachable.
    console.error(`demo-web: revocation failed: ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * Refreshes the tokens in the session cookie: from a server action or route handler only,
 * where the rotated refresh token can be written back. "expired" refreshes only an access
 * token that has (nearly) expired; "manual" always does.
 */
export async function requestRefresh(reason: RefreshReason): Promise<void> {
  // unstable_update's type describes session fields; the jwt callback above reads this
  // request object instead (trigger "update"), it never becomes part of the session.
  await updateSession({ refresh: reason } as unknown as Partial<Session>);
}
