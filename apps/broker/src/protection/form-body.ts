/**
 * Reads the form-urlencoded body of oidc-provider's POST endpoints once, with a size limit,
 * so that rate limiting and client authentication can see `client_id`/`client_secret`.
 * oidc-provider then takes the (possibly rewritten) body from `req.body` — its documented
 * fallback for an already-parsed body (it logs one notice about it at the first request).
 * A body that is not UTF-8 or not well-formed URL-encoded text (well-formed-text.ts) is a
 * 400 `invalid_request` (RFC 6749 §5.2) before anyone reads a parameter of it.
 */
import type { Context, Middleware } from "koa";
import { BodyNotUtf8, BodyTooLarge, readBody } from "@lotse/server/body";
import { canonicalPath } from "../oidc/routes.js";
import { answerOAuthError } from "./oauth-error.js";
import { urlEncodedProblem } from "./well-formed-text.js";

/** The same ceiling oidc-provider applies to the bodies it parses itself. */
export const FORM_BODY_LIMIT = 56 * 1024;

const STATE_KEY = "lotseForm";

type RequestWithBody = Context["req"] & { body?: string };

export function formBody(ctx: Context): URLSearchParams | undefined {
  return ctx.state[STATE_KEY] as URLSearchParams | undefined;
}

export function setFormBody(ctx: Context, form: URLSearchParams): void {
  ctx.state[STATE_KEY] = form;
  (ctx.req as RequestWithBody).body = form.toString();
}

function refuse(ctx: Context, status: 400 | 413, description: string): void {
  answerOAuthError(ctx, status, "invalid_request", description);
}

export function readFormBody(paths: ReadonlySet<string>, limit = FORM_BODY_LIMIT): Middleware {
  return async (ctx, next) => {
    if (
      ctx.method !== "POST" ||
      !paths.has(canonicalPath(ctx.path)) ||
      !ctx.is("application/x-www-form-urlencoded")
    )
      return next();
    let raw: string;
    try {
      raw = await readBody(ctx, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) return refuse(ctx, 413, "The request body is too large.");
      if (error instanceof BodyNotUtf8) return refuse(ctx, 400, error.message);
      throw error;
    }
    const problem = urlEncodedProblem(raw);
    if (problem) return refuse(ctx, 400, `The request body is malformed: ${problem}.`);
    setFormBody(ctx, new URLSearchParams(raw));
    return next();
  };
}
