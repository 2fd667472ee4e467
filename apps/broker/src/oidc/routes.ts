/**
 * The paths of oidc-provider's endpoints (DESIGN.md §4), in one place: the provider is
 * configured with them, and the middleware in front of it (client authentication, rate
 * limits, the offline_access prompt) matches on them. Discovery and JWKS keep their
 * well-known names.
 */
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
