/**
 * Every error answer carries the documented shape (RFC 6749 §5.2, docs/security.md
 * "Fuzzing"). Middleware that ends a request with an error status but no body (oidc-provider
 * answers `OPTIONS` on its own routes without an Origin that way) left Koa to write a plain
 * `Not Found`; found by fuzzing. HEAD answers have no body by definition.
 */
import type { Middleware } from "koa";

export function errorBody(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status < 400 || (ctx.body !== undefined && ctx.body !== null) || ctx.method === "HEAD")
      return;
    // Setting a body makes Koa's status 200 unless one was set explicitly: keep it.
    const status = ctx.status;
    ctx.body = {
      error: status === 404 ? "not_found" : "invalid_request",
      error_description: `No answer for ${ctx.method} ${ctx.path}.`,
    };
    ctx.status = status;
  };
}
