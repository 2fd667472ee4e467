/**
 * Content-Security-Policy for the error page. The page has no script and its
 * CSS is static, so the style is allowed by its hash (CSP3 §8.5) and no nonce
 * is needed; nothing on the page submits a form.
 */
import { createHash } from "node:crypto";
import { ERROR_PAGE_CSS } from "./error-page-styles.js";

const styleHash = createHash("sha256").update(ERROR_PAGE_CSS, "utf8").digest("base64");

export const ERROR_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  "img-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export function errorPageCsp(): string {
  return ERROR_PAGE_CSP;
}
