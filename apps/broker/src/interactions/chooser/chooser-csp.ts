/**
 * Content-Security-Policy for the chooser page (CSP Level 3).
 *
 * Inline CSS and the filter script run only with the per-response nonce.
 * `form-action` must list the upstream IDP origins as well as 'self': the form
 * posts to the broker, which answers with a redirect to the chosen insurer, and
 * Chromium checks form-action against every redirect target of a form
 * submission (w3c/webappsec-csp#8), so 'self' alone would block the login.
 */
import { randomBytes } from "node:crypto";

/** A fresh nonce per response (CSP3 §7.2: unguessable, at least 128 bits). */
export function createCspNonce(): string {
  return randomBytes(16).toString("base64");
}

const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** Normalizes each entry to its origin; anything that is not an http(s) URL is dropped. */
export function toCspOrigins(urls: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      const { protocol, origin } = new URL(url);
      if (protocol === "https:" || protocol === "http:") origins.add(origin);
    } catch {
      // Not a URL (e.g. a malformed federation entry): it must not reach the header.
    }
  }
  return [...origins];
}

export function chooserCsp(nonce: string, formActionOrigins: readonly string[] = []): string {
  // A nonce outside base64 could inject further directives into the header.
  if (!NONCE_PATTERN.test(nonce)) throw new Error("invalid CSP nonce");
  const formAction = ["'self'", ...toCspOrigins(formActionOrigins)].join(" ");
  return [
    "default-src 'none'",
    "img-src 'self' https: http://localhost:*",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}
