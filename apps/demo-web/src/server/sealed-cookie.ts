/**
 * Small encrypted cookies for the backend variant, sealed with next-auth's JWE helpers
 * (A256CBC-HS512, key derived from AUTH_SECRET and the cookie's name as salt), so their
 * contents (a PKCE verifier, an ID token) are neither readable nor forgeable in the browser.
 */
import { cookies } from "next/headers";
import { decode, encode, type JWT } from "next-auth/jwt";
import { env } from "../env";
import { resolveSecrets } from "../env-schema";
import type { DemoApiOutcome } from "./demo-api/call-protected-api";

const secure = () => env.DEMO_WEB_URL.startsWith("https://");

export function sealedCookie<T extends Record<string, unknown>>(
  suffix: string,
  options: { path: string; maxAgeSeconds: number },
) {
  const name = () => `${secure() ? "__Secure-" : ""}lotse-demo-web.${suffix}`;
  return {
    async write(value: T): Promise<void> {
      const { authSecret } = resolveSecrets(env);
      const sealed = await encode({
        token: value as JWT,
        secret: authSecret,
        salt: name(),
        maxAge: options.maxAgeSeconds,
      });
      (await cookies()).set(name(), sealed, {
        httpOnly: true,
        // Lax: the broker's redirect back to the callback is a top-level GET navigation.
        sameSite: "lax",
        secure: secure(),
        path: options.path,
        maxAge: options.maxAgeSeconds,
      });
    },
    /** The value, or undefined when missing, expired or tampered with. */
    async read(): Promise<T | undefined> {
      const raw = (await cookies()).get(name())?.value;
      if (!raw) return undefined;
      const { authSecret } = resolveSecrets(env);
      try {
        return ((await decode({ token: raw, secret: authSecret, salt: name() })) ?? undefined) as
          T | undefined;
      } catch {
        return undefined;
      }
    },
    async clear(): Promise<void> {
      (await cookies()).set(name(), "", { path: options.path, maxAge: 0 });
    },
  };
}

/**
 * The login in progress: what must survive the round trip through the broker (RFC 7636 §4),
 * and what it is for: showing the login, or calling the demo API with the access token.
 */
export const pendingBackendLogin = sealedCookie<{
  state: string;
  nonce: string;
  codeVerifier: string;
  purpose?: "demo-api";
}>("backend-login", { path: "/backend", maxAgeSeconds: 10 * 60 });

/** The result, for display on /backend: only the ID token; no refresh token is asked for. */
export const backendSession = sealedCookie<{ idToken: string; receivedAt: number }>(
  "backend-session",
  { path: "/backend", maxAgeSeconds: 60 * 60 },
);

/** What /api/protected answered to the last "Sign in for the demo API" (never the token). */
export const demoApiOutcome = sealedCookie<DemoApiOutcome>("demo-api", {
  path: "/backend",
  maxAgeSeconds: 10 * 60,
});
