import type { IncomingHttpHeaders } from "node:http";

/**
 * Whether a state-changing request comes from one of this server's own pages (OWASP CSRF
 * cheat sheet, "Verifying origin with standard headers"). Fetch Metadata first: browsers
 * that send `Sec-Fetch-Site` say exactly whether the page was same-origin. Otherwise the
 * `Origin` header, which browsers send on every cross-origin and every form POST, must be
 * one of `allowedOrigins`. A request with neither is refused: every browser sends one.
 */
export function isSameOriginPost(
  headers: IncomingHttpHeaders,
  allowedOrigins: readonly string[],
): boolean {
  const site = headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin";
  const origin = headers.origin;
  return typeof origin === "string" && origin !== "null" && allowedOrigins.includes(origin);
}
