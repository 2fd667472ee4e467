/**
 * demo-web's own cookie names. Browsers keep cookies per host, not per port, so on
 * `localhost` the portal (3000) and demo-web (3001) would otherwise share next-auth's
 * default `authjs.*` cookies: signing in here would overwrite the portal's session. The
 * names also salt the session encryption key, so one app cannot read the other's cookie
 * even where both are given the same AUTH_SECRET (as `pnpm dev` does).
 */
import type { NextAuthConfig } from "next-auth";

const PREFIX = "lotse-demo-web";

export function sessionCookies(secure: boolean): NonNullable<NextAuthConfig["cookies"]> {
  // RFC 6265bis §4.1.3: __Secure- cookies are only accepted over https.
  const name = (suffix: string) => `${secure ? "__Secure-" : ""}${PREFIX}.${suffix}`;
  // @auth/core deep-merges these into its defaults: only the names change.
  const named = (suffix: string) => ({ name: name(suffix), options: {} });
  return {
    sessionToken: named("session-token"),
    callbackUrl: named("callback-url"),
    csrfToken: { name: `${secure ? "__Host-" : ""}${PREFIX}.csrf-token`, options: {} },
    pkceCodeVerifier: named("pkce.code_verifier"),
    state: named("state"),
    nonce: named("nonce"),
    webauthnChallenge: named("challenge"),
  };
}
