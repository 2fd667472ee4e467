/**
 * The portal's Content-Security-Policy and HSTS (docs/security.md, "Portal"). Pure
 * functions: src/proxy.ts builds the headers of each request from them, tests check them.
 */

export interface CspOptions {
  /** A fresh random value per request (Next.js puts it on its own scripts). */
  nonce: string;
  /** `next dev`: React needs eval for its debugging aids there, never in production. */
  development: boolean;
  /**
   * The broker's origin: "Try it" for confidential apps POSTs to /try-it/start, which
   * redirects to the broker's authorization endpoint, and Chromium applies `form-action` to
   * every redirect after a form POST (DESIGN.md §9).
   */
  brokerOrigin: string;
  /**
   * Where insurers' logos may come from besides any https host: the sandbox's origin, whose
   * logos are plain http in development.
   */
  imageOrigins?: string[];
  /** The portal is served over https: upgrade any stray http sub-resource. */
  https: boolean;
}

/**
 * A strict, nonce-based policy (CSP Level 3; the "strict CSP" of web.dev): scripts run only
 * with this response's nonce or when loaded by such a script ('strict-dynamic'), so an
 * injected `<script>` or inline handler does not run.
 */
export function contentSecurityPolicy(options: CspOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [
      "'self'",
      `'nonce-${options.nonce}'`,
      "'strict-dynamic'",
      ...(options.development ? ["'unsafe-eval'"] : []),
    ],
    // Styles may be inline: Radix's dialogs add a <style> element at run time (scroll lock)
    // without a nonce, and inline styles cannot run code. Scripts are what the policy is for.
    "style-src": ["'self'", "'unsafe-inline'"],
    // Insurers' logos (admin IDP list) are on their own https hosts (the sandbox's too).
    "img-src": ["'self'", "data:", "blob:", "https:", ...(options.imageOrigins ?? [])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'", options.brokerOrigin],
    // No page of the portal may be framed (clickjacking); X-Frame-Options says the same.
    "frame-ancestors": ["'none'"],
    ...(options.https ? { "upgrade-insecure-requests": [] } : {}),
  };
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/** HSTS for a year, subdomains included (RFC 6797 §6.1); only ever sent over https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/**
 * Whether a response goes out over https: the portal's public URL is https (TLS ends at a
 * proxy in front of it), or the request came over https (directly, or as the proxy says in
 * X-Forwarded-Proto; a client that forges it over plain http only gets a header that
 * browsers ignore there, RFC 6797 §8.1). RFC 6797 §7.2: not over plain http, so
 * development on http://localhost is never pinned to https.
 */
export function servedOverHttps(
  portalUrl: string,
  requestUrl: string,
  forwardedProto?: string | null,
): boolean {
  return (
    new URL(portalUrl).protocol === "https:" ||
    new URL(requestUrl).protocol === "https:" ||
    forwardedProto?.split(",")[0]?.trim() === "https"
  );
}

/** 128 random bits, base64: unguessable per response (CSP3 §2.3.1 asks for ≥ 128). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
