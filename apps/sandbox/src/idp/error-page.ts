import type { KoaContextWithOIDC, ErrorOut } from "oidc-provider";
import { escapeHtml } from "@lotse/server/html";

/** CSP for every page the IDPs render: no scripts, inline styles, our own images only. */
export const PAGE_CSP_BASE =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'";

/**
 * oidc-provider's error page, for errors it must not redirect (e.g. an unregistered
 * redirect_uri, RFC 6749 §4.1.2.1). No stack, no request echo beyond the error code.
 */
export function renderIdpError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  ctx.set("Content-Security-Policy", PAGE_CSP_BASE);
  ctx.type = "html";
  ctx.body = errorPageHtml(out.error, out.error_description ?? "");
}

export function errorPageHtml(error: string, description: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Login error</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}</style>
</head>
<body>
<main>
<h1>Login error</h1>
<p role="alert" data-testid="idp-error"><code>${escapeHtml(error)}</code>: ${escapeHtml(description)}</p>
</main>
</body>
</html>`;
}
