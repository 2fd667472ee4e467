import type { IncomingMessage } from "node:http";
import type { Middleware } from "koa";
import type Provider from "oidc-provider";

/**
 * Hands every request under `mountPath` to the provider, the way oidc-provider documents
 * mounting in Express: `req.url` without the prefix, `req.originalUrl` with it, from which
 * it derives the prefix for the URLs it publishes (discovery, redirects to resume).
 */
export function mountProvider(mountPath: string, provider: Provider): Middleware {
  const handle = provider.callback();
  return async (ctx, next) => {
    if (ctx.path !== mountPath && !ctx.path.startsWith(`${mountPath}/`)) return next();
    const req = ctx.req as IncomingMessage & { originalUrl?: string };
    req.originalUrl = ctx.url;
    const rest = ctx.url.slice(mountPath.length);
    req.url = rest.startsWith("/") ? rest : `/${rest}`;
    // The provider writes the response itself; Koa must not touch it afterwards.
    ctx.respond = false;
    await handle(req, ctx.res);
  };
}
