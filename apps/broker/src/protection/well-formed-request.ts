/**
 * Refuses a request whose path or query is not well-formed text (well-formed-text.ts)
 * before any handler sees it: invalid percent-encoding, or a NUL or lone surrogate once
 * decoded. PostgreSQL cannot store either, so such a value would otherwise reach a query
 * and answer 500. RFC 6749 §4.1.2.1 / §5.2 call it a malformed request: `invalid_request`,
 * 400, as JSON, or as the error page where a person's browser lands. Not audited: nothing
 * in the request can be trusted, and rejections before the rate limit must not lengthen
 * the audit chain at an attacker's pace.
 */
import type { Context, Middleware } from "koa";
import { sendErrorPage } from "../interactions/send-page.js";
import { ROUTES } from "../oidc/routes.js";
import { urlEncodedProblem } from "./well-formed-text.js";

/** Where a person's browser lands: these answer with the error page, everything else JSON. */
const PAGES = [ROUTES.authorization, ROUTES.end_session, "/connect/interaction", "/oidcf/signin"];

function isPage(ctx: Context): boolean {
  const path = ctx.path.toLowerCase();
  return (
    PAGES.some((page) => path === page || path.startsWith(`${page}/`)) &&
    // Native flow B asks /connect/auth for JSON (native-api/json-authorize.ts).
    ctx.query.response_format !== "json"
  );
}

export function wellFormedRequest(): Middleware {
  return async (ctx, next) => {
    const problem = urlEncodedProblem(ctx.path) ?? urlEncodedProblem(ctx.querystring);
    if (!problem) return next();
    const description = `The request URL is malformed: ${problem}.`;
    if (isPage(ctx)) return sendErrorPage(ctx, 400, "invalid_request", description);
    ctx.status = 400;
    ctx.set("Cache-Control", "no-store");
    ctx.body = { error: "invalid_request", error_description: description };
  };
}
