/** How the person-facing routes answer: a redirect, or the error page instead of JSON. */
import type { Context } from "koa";
import { errorPageCsp } from "./error-page/error-page-csp.js";
import { renderErrorPage } from "./error-page/render-error-page.js";
import { pickLocale } from "./pages/locale.js";

export function seeOther(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

export function sendErrorPage(
  ctx: Context,
  status: number,
  error: string,
  description?: string,
): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.set("Content-Security-Policy", errorPageCsp());
  ctx.set("Cache-Control", "no-store");
  const locale = pickLocale(null, ctx.get("accept-language"));
  ctx.body = renderErrorPage({ locale, error, ...(description ? { description } : {}) });
}
