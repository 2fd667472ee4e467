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

/** HSTS for a year, subdomains included (RFC 6797 §6.1). */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

export interface SecurityHeaderOptions {
  /**
   * The server is reached over https (its public URL is https, e.g. behind a proxy that
   * terminates TLS but is not trusted with X-Forwarded-Proto). Without it, HSTS is sent
   * only for requests Koa sees as secure (`ctx.secure`: TLS, or X-Forwarded-Proto from a
   * trusted proxy when `app.proxy` is set).
   */
  https?: boolean;
}

/** Baseline headers for every response; HTML pages add their own Content-Security-Policy. */
export function securityHeaders(options: SecurityHeaderOptions = {}): Middleware {
  return async (ctx, next) => {
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("Referrer-Policy", "no-referrer");
    ctx.set("X-Frame-Options", "DENY");
    // RFC 6797 §7.2: HSTS only over https (browsers ignore it over http, §8.1), so plain-http
    // development on localhost is never pinned to https.
    if (options.https || ctx.secure)
      ctx.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
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
