/**
 * A strict Content-Security-Policy on every response (CSP Level 3): no inline script or
 * style unless a page adds a hash or nonce, no framing (frame-ancestors 'none', against
 * clickjacking; RFC 9700 §4.16). oidc-provider adds the hash of its own auto-submit
 * script (form_post response mode) to `script-src` when this header is present. Pages
 * with needs of their own (the IDP chooser) set their own header.
 */
import type { Middleware } from "koa";

export const BASE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export function contentSecurityPolicy(): Middleware {
  return async (ctx, next) => {
    ctx.set("Content-Security-Policy", BASE_CSP);
    await next();
  };
}
