import "server-only";
import { env } from "~/env";
import { authSecret } from "../auth-secret";

/** Where the Try-it login returns: a redirect URI the developer registers (docs/portal.md). */
export const tryItRedirectUri = () => `${env.PORTAL_URL}/try-it/callback`;

export const PENDING_COOKIE = "lotse_try_it";
export const RESULT_COOKIE = "lotse_try_it_result";

/**
 * httpOnly, only sent to /try-it; SameSite=Lax so the top-level redirect back from the
 * broker carries it (RFC 6265bis §5.4.7); short-lived, sealed (./sealed.ts).
 */
export const cookieOptions = (maxAge: number) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: env.PORTAL_URL.startsWith("https:"),
  path: "/try-it",
  maxAge,
});

export { authSecret };
