import type { Middleware } from "koa";
import type { Logger } from "pino";

/**
 * Turns any thrown error into a JSON error body. Clients never see a stack trace
 * (STYLE.md rule 5); server errors are logged with the path instead.
 */
export function errorBoundary(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const err = error as { status?: number; expose?: boolean; message?: string };
      const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
      if (status >= 500) logger.error({ err: err.message, path: ctx.path }, "request failed");
      ctx.status = status;
      ctx.body = {
        error: status >= 500 ? "server_error" : "invalid_request",
        error_description:
          status < 500 && err.expose && err.message
            ? err.message
            : "The request could not be processed.",
      };
    }
  };
}

/** Baseline headers for every response; HTML pages add their own Content-Security-Policy. */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("Referrer-Policy", "no-referrer");
    ctx.set("X-Frame-Options", "DENY");
    await next();
  };
}

/** The last middleware: a JSON 404 for anything no route answered. */
export function notFound(): Middleware {
  return (ctx) => {
    ctx.status = 404;
    ctx.body = { error: "not_found", error_description: `No route for ${ctx.method} ${ctx.path}` };
  };
}
