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
