/**
 * The few HTML pages oidc-provider renders itself: the error page (for requests that must
 * not be redirected back, e.g. an unregistered redirect_uri, RFC 6749 §4.1.2.1), and the
 * logout confirmation and success pages (OIDC RP-Initiated Logout §2–3). Plain, no
 * external resources, one hashed style block; never a stack trace, only the OAuth error
 * code and its description.
 */
import { createHash } from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";
import { escapeHtml } from "@lotse/server/html";
import { BASE_CSP } from "../protection/content-security-policy.js";

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}" +
  "h1{font-size:1.4rem}code{background:#f2f2f2;padding:.1rem .3rem}button{font:inherit;padding:.5rem 1rem;margin-right:.5rem}";
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");
const CSP = BASE_CSP.replace("style-src 'self'", `style-src 'sha256-${STYLE_HASH}'`);

function page(ctx: KoaContextWithOIDC, title: string, body: string): void {
  ctx.type = "html";
  ctx.set("Content-Security-Policy", CSP);
  ctx.set("Cache-Control", "no-store");
  ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Lotse</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export async function renderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): Promise<void> {
  // Native flow B asked for JSON (native-api/json-authorize.ts): its errors are JSON too.
  if (ctx.query.response_format === "json") {
    ctx.type = "json";
    ctx.set("Cache-Control", "no-store");
    ctx.body = {
      error: out.error,
      error_description: out.error_description ?? "The request could not be processed.",
    };
    return;
  }
  page(
    ctx,
    "Sign-in could not continue",
    `<p>${escapeHtml(out.error_description ?? "The request could not be processed.")}</p>
<p>Error code: <code>${escapeHtml(out.error)}</code></p>
<p>Please return to the application and try again.</p>`,
  );
}

export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  page(
    ctx,
    "Sign out?",
    `${form}<p>Do you want to sign out of ${escapeHtml(ctx.oidc.client?.clientName ?? "this application")}?</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  page(ctx, "Signed out", "<p>You have been signed out. You can close this window.</p>");
}
