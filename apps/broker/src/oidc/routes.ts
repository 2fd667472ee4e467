/**
 * The paths of oidc-provider's endpoints (DESIGN.md §4), in one place: the provider is
 * configured with them, and the middleware in front of it (client authentication, rate
 * limits, the offline_access prompt) matches on them. Discovery and JWKS keep their
 * well-known names.
 */
import type { Middleware } from "koa";

export const ROUTES = {
  authorization: "/connect/auth",
  token: "/connect/token",
  pushed_authorization_request: "/connect/par",
  userinfo: "/connect/userinfo",
  introspection: "/connect/introspection",
  revocation: "/connect/revocation",
  end_session: "/connect/endsession",
  backchannel_authentication: "/connect/ciba",
  jwks: "/.well-known/jwks",
} as const;

/**
 * A path as the routers read it: oidc-provider's and @koa/router's match case-insensitively,
 * with an optional trailing slash, on the decoded path. Middleware in front of them (client
 * authentication, rate limits, prompts, CORS) matches on this form, so `/CONNECT/TOKEN/`
 * cannot reach the endpoint while slipping past the middleware.
 */
export function canonicalPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Malformed percent-encoding: the routers match nothing either; keep it as it is.
  }
  return decoded.toLowerCase().replace(/\/+$/, "") || "/";
}

/**
 * Other names classic clients use for an endpoint, as the routers read them (canonicalPath).
 * `/connect/authorize` is the authorization endpoint's name at other brokers (issue 13);
 * discovery keeps announcing `/connect/auth`.
 */
const ALIASES: Record<string, string> = { "/connect/authorize": ROUTES.authorization };

/**
 * Rewrites an aliased path to its endpoint before anything matches on paths, so the alias
 * is that endpoint in every respect (rate limits, SMART checks, the offline_access prompt,
 * oidc-provider itself). The query stays as it is.
 */
export function endpointAliases(): Middleware {
  return (ctx, next) => {
    const endpoint = ALIASES[canonicalPath(ctx.path)];
    if (endpoint) ctx.path = endpoint;
    return next();
  };
}
