/**
 * oidc-provider configuration for the broker (DESIGN.md §4). Each choice says why; the
 * library's defaults apply to everything not set here.
 */
import { SMART_LAUNCH_SCOPES, TELEMATIK_SCOPES } from "@lotse/domain";
import type { JWK } from "jose";
import type {
  Adapter,
  Client,
  Configuration,
  FindAccount,
  KoaContextWithOIDC,
} from "oidc-provider";
import { LOTSE_CLIENT_METADATA, lotseFields } from "../applications/client-metadata.js";
import { redirectUriOrigins } from "../applications/redirect-origins.js";
import { CLAIMS } from "./claims.js";
import { brokerInteractionPolicy } from "./interaction-policy.js";
import { logoutSource, postLogoutSuccessSource, renderError } from "./pages.js";
import { ROUTES } from "./routes.js";
import type { SmartContextStore } from "../smart/context-store.js";
import { resourceIndicators } from "../apis/resource-indicators.js";
import { smartTokenClaims } from "../smart/resource-server.js";

/** Authorization parameters the interaction reads (DESIGN.md §4: IDP choice, native flow, testing). */
export const EXTRA_AUTHORIZATION_PARAMS = [
  "provider",
  "response_format",
  "gematik_enable_testing",
  "gematik_login_user",
  "sandbox_simulate",
  // SMART App Launch 2.2 §2.0.5: the FHIR server (a resource indicator) and the EHR's launch.
  "aud",
  "launch",
];

export interface ConfigurationDeps {
  adapter: (model: string) => Adapter;
  findAccount: FindAccount;
  signingKeys: JWK[];
  cookieKeys: string[];
  /** The SMART context of each grant, for the claims of FHIR access tokens (smart/). */
  smartContexts?: SmartContextStore;
  /** oidc-provider's CIBA hooks (ciba/provider-feature.ts); CIBA is off without them. */
  ciba?: Record<string, unknown>;
}

const now = () => Math.floor(Date.now() / 1000);

/** How long a login session lasts; also the cap of an `online_access` refresh token. */
const SESSION_TTL = 24 * 3600;

/**
 * Refresh tokens share one absolute lifetime, counted from the first one of the chain
 * (`iiat`): rotation does not extend it, so the stored upstream identity, which expires
 * after the same lifetime, outlives every token that needs it.
 */
function refreshTokenTtl(
  _ctx: KoaContextWithOIDC,
  token: { iiat?: number; scopes?: Set<string> },
  client: Client,
): number {
  const registered = lotseFields(client).lotseRefreshTokenTtl;
  // SMART's online_access (without offline_access): no longer than a login session.
  const online = token.scopes?.has("online_access") && !token.scopes.has("offline_access");
  const lifetime = online ? Math.min(registered, SESSION_TTL) : registered;
  return Math.max(1, lifetime - (now() - (token.iiat ?? now())));
}

export function brokerConfiguration(deps: ConfigurationDeps): Configuration {
  return {
    adapter: deps.adapter,
    findAccount: deps.findAccount,
    jwks: {
      keys: deps.signingKeys as Configuration["jwks"] extends { keys: infer K } | undefined
        ? K
        : never,
    },
    cookies: {
      // Derived from the KEK, so every instance can read every other instance's cookies.
      keys: deps.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: "lax" },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
    },
    routes: ROUTES,
    interactions: {
      policy: brokerInteractionPolicy(),
      url: (_ctx, interaction) => `/connect/interaction/${interaction.uid}`,
    },
    renderError: (ctx, out) => renderError(ctx, out),
    // CORS of the token, revocation, userinfo (and PAR, introspection) endpoints for apps in
    // a browser: only the origins of the calling client's own http(s) redirect URIs, and
    // only for clients that cannot keep a secret anyway (a confidential client's secret
    // must never be in a browser) or a bearer-token call to userinfo. The same rule as the
    // native APIs (native-api/cors.ts); oidc-provider never allows credentials.
    clientBasedCORS: (ctx, origin, client) =>
      origin !== "null" &&
      (ctx.oidc.route === "userinfo" || client.clientAuthMethod === "none") &&
      redirectUriOrigins(client.redirectUris ?? []).has(origin),
    extraParams: EXTRA_AUTHORIZATION_PARAMS,
    extraClientMetadata: { properties: [...LOTSE_CLIENT_METADATA] },

    // Authorization code flow only (RFC 9700 §2.1.2: no implicit, no hybrid).
    responseTypes: ["code"],
    // PKCE for every client by default (RFC 9700 §2.1.1). oidc-provider only
    // implements S256, so `plain` is neither accepted nor advertised (RFC 7636 §4.2).
    // A confidential app may be exempted in the portal (a Keycloak without PKCE, issue 13);
    // every public app needs it (applications/client-metadata.ts).
    pkce: { required: (_ctx, client) => lotseFields(client).lotsePkceRequired },
    // A redirect_uri must always be sent and match exactly (RFC 9700 §2.1, §4.1.3).
    allowOmittingSingleRegisteredRedirectUri: false,
    // client_secret_jwt would need the clear secret; we only keep hashes (DESIGN.md §3).
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    clientDefaults: {
      grant_types: ["authorization_code"],
      response_types: ["code"],
      id_token_signed_response_alg: "RS256",
      token_endpoint_auth_method: "client_secret_basic",
    },
    enabledJWA: {
      // RS256 first: OIDC Core §15.1 makes it the one algorithm every RP must support.
      idTokenSigningAlgValues: ["RS256", "ES256"],
      userinfoSigningAlgValues: ["RS256", "ES256"],
      introspectionSigningAlgValues: ["RS256", "ES256"],
      authorizationSigningAlgValues: ["RS256", "ES256"],
      requestObjectSigningAlgValues: ["RS256", "ES256", "PS256"],
      clientAuthSigningAlgValues: ["RS256", "ES256", "PS256"],
    },

    scopes: [
      "openid",
      "offline_access",
      "email",
      "profile",
      ...SMART_LAUNCH_SCOPES,
      ...TELEMATIK_SCOPES,
    ],
    claims: CLAIMS,
    // The gematik claims go into the ID token as well as userinfo: existing Health-ID
    // broker clients read them from the ID token. It reaches only the client, over the
    // back channel, and holds only claims of scopes the client registered and was granted.
    conformIdTokenClaims: false,
    acrValues: ["gematik-ehealth-loa-high", "gematik-ehealth-loa-substantial"],

    // Refresh tokens whenever offline_access is requested by a client allowed the
    // refresh_token grant — without demanding prompt=consent (OIDC Core §11 allows "other
    // conditions"): the upstream login at the insurer is the person's consent, the scopes
    // an app may get are fixed by its registration, and the person can revoke at any time.
    // SMART's online_access asks for a refresh token too, one that lives no longer than a
    // login session (refreshTokenTtl).
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") &&
      (code.scopes.has("offline_access") || code.scopes.has("online_access")),
    // Rotate on every use; oidc-provider revokes the whole grant when a rotated (consumed)
    // refresh token is presented again (RFC 9700 §4.14.2).
    rotateRefreshToken: true,
    // Tokens live by their own TTL, not by the broker's browser session, which is only the
    // vehicle of one login (see interactions/complete-login.ts).
    expiresWithSession: () => false,
    // The claims a token was made with (token exchange's `act`, exchange/token-exchange.ts)
    // and a SMART grant's context (smart/resource-server.ts).
    extraTokenClaims: async (ctx, token) => {
      const own = (token as { extra?: Record<string, unknown> }).extra;
      const smart = deps.smartContexts
        ? await smartTokenClaims(deps.smartContexts)(ctx, token)
        : undefined;
      return own || smart ? { ...own, ...smart } : undefined;
    },
    ttl: {
      AccessToken: (_ctx, _token, client) => lotseFields(client).lotseAccessTokenTtl,
      IdToken: (_ctx, _token, client) => lotseFields(client).lotseIdTokenTtl,
      RefreshToken: refreshTokenTtl,
      AuthorizationCode: 60,
      // The grant lives as long as its longest token (refresh), per application.
      Grant: (ctx) =>
        ctx?.oidc?.client ? lotseFields(ctx.oidc.client).lotseRefreshTokenTtl : 14 * 24 * 3600,
      Interaction: 30 * 60,
      Session: SESSION_TTL,
      // CIBA §7.1 requested_expiry: shorter on the app's request, never longer.
      BackchannelAuthenticationRequest: (ctx) => {
        const requested = Number(ctx?.oidc?.params?.requested_expiry);
        return requested > 0 ? Math.min(10 * 60, Math.ceil(requested)) : 10 * 60;
      },
    },

    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      introspection: {
        enabled: true,
        // RFC 7662 §2.1/§4: the caller must authenticate, which public clients cannot, and
        // may only learn about its own tokens. Otherwise the answer is {"active": false}.
        allowedPolicy: (_ctx, client, token) =>
          client.clientAuthMethod !== "none" && token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client may only revoke its own tokens.
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      userinfo: { enabled: true },
      claimsParameter: { enabled: false },
      // Resource servers: a SMART application's FHIR server (`aud` names it) and the
      // organisation's APIs (`resource`, or their scopes); apis/resource-indicators.ts.
      resourceIndicators: resourceIndicators(),
      // Backchannel login at /connect/ciba (login/ciba.ts, docs/flows/ciba.md).
      ciba: (deps.ciba ?? { enabled: false }) as NonNullable<Configuration["features"]>["ciba"],
      backchannelLogout: { enabled: false },
      registration: { enabled: false },
    },
    discovery: {
      claim_types_supported: ["normal"],
      ui_locales_supported: ["de", "en"],
    },
  };
}
