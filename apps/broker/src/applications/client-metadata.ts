/**
 * Maps an `Application` row to oidc-provider client metadata (OIDC Dynamic Client
 * Registration §2 names; our own additions are registered as extraClientMetadata).
 */
import type { Api, Application, ApplicationApiGrant } from "@lotse/db";
import { isSmartLaunchScope, type SubMode } from "@lotse/domain";
import type { ClientMetadata } from "oidc-provider";

/** Extra client metadata the broker reads back from `ctx.oidc.client`. */
export const LOTSE_CLIENT_METADATA = [
  "lotse_application_id",
  "lotse_organization_id",
  "lotse_sub_mode",
  "lotse_sector_identifier",
  "lotse_allow_original_claims",
  "lotse_allowed_idps",
  "lotse_access_token_ttl",
  "lotse_id_token_ttl",
  "lotse_refresh_token_ttl",
  "lotse_smart_fhir_base_url",
  "lotse_smart_scopes",
  "lotse_smart_user_type",
  "lotse_ciba_delivery_mode",
  "lotse_ciba_notification_endpoint",
  "lotse_platform",
  "lotse_pkce_required",
  "lotse_standard_claims",
  "lotse_token_exchange_audiences",
  "lotse_api_grants",
] as const;

/** The RFC 8693 grant type (docs/flows/token-exchange.md). */
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

/** An Application row with the APIs it may request scopes of (oidc/client-adapter.ts). */
export type ApplicationRecord = Application & {
  apiGrants?: (ApplicationApiGrant & { api: Api })[];
};

/** What a client may ask of one API (RFC 8707 resource indicator = its identifier). */
export interface LotseApiGrant {
  identifier: string;
  /** The API's scopes this app was granted. */
  scopes: string[];
  tokenFormat: "JWT" | "OPAQUE";
  accessTokenTtl: number;
  organizationId: string;
}

/** The CIBA grant type (CIBA Core §10.1). */
const CIBA_GRANT = "urn:openid:params:grant-type:ciba";

export interface LotseClientFields {
  lotseApplicationId: string;
  /** The application's organisation: UNIQUE and PERSON subs are per organisation (subject.ts). */
  lotseOrganizationId: string;
  lotseSubMode: SubMode;
  lotseSectorIdentifier: string;
  lotseAllowOriginalClaims: boolean;
  lotseAllowedIdps: string[];
  lotseAccessTokenTtl: number;
  lotseIdTokenTtl: number;
  lotseRefreshTokenTtl: number;
  /** SMART App Launch settings, when the application has SMART enabled (smart/). */
  lotseSmart?: LotseSmartFields;
  /** Chosen in the portal (never guessed from redirect URIs). */
  lotsePlatform: "WEB" | "NATIVE" | "SPA";
  /** PKCE on authorization requests; only a confidential app may have it off. */
  lotsePkceRequired: boolean;
  /** Release the standard OIDC claims next to the gematik ones. */
  lotseStandardClaims: boolean;
  /** RFC 8693: the audiences (client ids, API identifiers) this app may exchange for; empty: none. */
  lotseTokenExchangeAudiences: string[];
  /** The APIs this app may request scopes of. */
  lotseApiGrants: LotseApiGrant[];
  /** CIBA: how tokens are delivered (the broker pings PING apps itself, login/ciba.ts). */
  lotseCibaDeliveryMode: "POLL" | "PING";
  /** CIBA PING: the app's notification endpoint. */
  lotseCibaNotificationEndpoint?: string;
}

export interface LotseSmartFields {
  /** The FHIR server its access tokens are for (the `aud` it sends). */
  fhirBaseUrl: string;
  /** Registered SMART scopes: launch scopes and resource scope patterns. */
  scopes: string[];
  userType: "PATIENT" | "PRACTITIONER";
}

export function clientMetadataFor(app: ApplicationRecord, secretStandIn: string): ClientMetadata {
  const confidential = app.type === "CONFIDENTIAL";
  const exchange = app.tokenExchangeEnabled;
  const grantTypes = [
    // CIBA needs an authenticated client (CIBA Core §4): never for a public one.
    ...(confidential
      ? app.allowedGrantTypes
      : app.allowedGrantTypes.filter((grant) => grant !== CIBA_GRANT)),
    ...(exchange && !app.allowedGrantTypes.includes(TOKEN_EXCHANGE_GRANT)
      ? [TOKEN_EXCHANGE_GRANT]
      : []),
  ];
  return {
    client_id: app.clientId,
    client_name: app.name,
    ...(app.logoUri ? { logo_uri: app.logoUri } : {}),
    // oidc-provider checks a native app's redirect URIs as RFC 8252 §7 asks.
    application_type: app.platform === "NATIVE" ? "native" : "web",
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    grant_types: grantTypes,
    response_types: ["code"],
    // Public clients have no secret and must use PKCE (RFC 9700 §2.1.1); confidential ones
    // register client_secret_basic, and oidc-provider then also accepts client_secret_post.
    token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
    ...(confidential ? { client_secret: secretStandIn } : {}),
    // A SMART app's launch scopes (launch/patient, fhirUser, …) are OIDC scopes of the
    // provider, allowed like any other; its resource scopes are checked per FHIR server
    // (smart/resource-server.ts).
    scope: [...new Set([...app.allowedScopes, ...smartLaunchScopesOf(app)])].join(" "),
    id_token_signed_response_alg: "RS256",
    lotse_application_id: app.id,
    lotse_organization_id: app.organizationId,
    lotse_sub_mode: app.subMode,
    lotse_sector_identifier: app.sectorIdentifier ?? app.clientId,
    lotse_allow_original_claims: app.allowOriginalClaims,
    lotse_allowed_idps: app.allowedIdps,
    lotse_access_token_ttl: app.accessTokenTtl,
    lotse_id_token_ttl: app.idTokenTtl,
    lotse_refresh_token_ttl: app.refreshTokenTtl,
    lotse_platform: app.platform,
    // RFC 9700 §2.1.1: every public client uses PKCE; a confidential one may be exempted.
    lotse_pkce_required: app.pkceRequired || !confidential,
    lotse_standard_claims: app.standardClaims,
    lotse_token_exchange_audiences: exchange ? app.tokenExchangeAudiences : [],
    lotse_api_grants: (app.apiGrants ?? []).map((grant): LotseApiGrant => ({
      identifier: grant.api.identifier,
      scopes: grant.scopes.filter((scope) => grant.api.scopes.includes(scope)),
      tokenFormat: grant.api.tokenFormat,
      accessTokenTtl: grant.api.accessTokenTtl,
      organizationId: grant.api.organizationId,
    })),
    ...(confidential && app.allowedGrantTypes.includes(CIBA_GRANT)
      ? {
          // oidc-provider answers polls; pings are the broker's own (login/ciba.ts), so the
          // notification endpoint may be loopback http in development, which oidc-provider's
          // ping mode would refuse.
          backchannel_token_delivery_mode: "poll",
          backchannel_user_code_parameter: app.cibaUserCodeRequired,
          lotse_ciba_delivery_mode: app.cibaDeliveryMode,
          ...(app.cibaNotificationEndpoint
            ? { lotse_ciba_notification_endpoint: app.cibaNotificationEndpoint }
            : {}),
        }
      : {}),
    ...(smartEnabled(app)
      ? {
          lotse_smart_fhir_base_url: app.smartFhirBaseUrl,
          lotse_smart_scopes: app.smartScopes,
          lotse_smart_user_type: app.smartUserType,
        }
      : {}),
  };
}

function smartEnabled(app: Application): app is Application & { smartFhirBaseUrl: string } {
  return app.smartEnabled && !!app.smartFhirBaseUrl;
}

function smartLaunchScopesOf(app: Application): string[] {
  return smartEnabled(app) ? app.smartScopes.filter(isSmartLaunchScope) : [];
}

/**
 * Reads the broker's extra metadata back from an oidc-provider Client instance, which
 * keeps extraClientMetadata properties under their snake_case names.
 */
export function lotseFields(client: object): LotseClientFields {
  const c = client as Record<(typeof LOTSE_CLIENT_METADATA)[number], unknown>;
  return {
    lotseApplicationId: String(c.lotse_application_id),
    // No String(): "undefined" would put every organisation's UNIQUE and PERSON subs in one
    // namespace; subject.ts refuses an empty one instead.
    lotseOrganizationId: typeof c.lotse_organization_id === "string" ? c.lotse_organization_id : "",
    lotseSubMode: c.lotse_sub_mode as LotseClientFields["lotseSubMode"],
    lotseSectorIdentifier: String(c.lotse_sector_identifier),
    lotseAllowOriginalClaims: c.lotse_allow_original_claims === true,
    lotseAllowedIdps: Array.isArray(c.lotse_allowed_idps) ? c.lotse_allowed_idps.map(String) : [],
    lotseAccessTokenTtl: Number(c.lotse_access_token_ttl),
    lotseIdTokenTtl: Number(c.lotse_id_token_ttl),
    lotseRefreshTokenTtl: Number(c.lotse_refresh_token_ttl),
    lotsePlatform:
      c.lotse_platform === "NATIVE" || c.lotse_platform === "SPA" ? c.lotse_platform : "WEB",
    lotsePkceRequired: c.lotse_pkce_required !== false,
    lotseStandardClaims: c.lotse_standard_claims === true,
    lotseTokenExchangeAudiences: Array.isArray(c.lotse_token_exchange_audiences)
      ? c.lotse_token_exchange_audiences.map(String)
      : [],
    lotseApiGrants: Array.isArray(c.lotse_api_grants)
      ? (c.lotse_api_grants as LotseApiGrant[])
      : [],
    lotseCibaDeliveryMode: c.lotse_ciba_delivery_mode === "PING" ? "PING" : "POLL",
    ...(typeof c.lotse_ciba_notification_endpoint === "string" && c.lotse_ciba_notification_endpoint
      ? { lotseCibaNotificationEndpoint: c.lotse_ciba_notification_endpoint }
      : {}),
    ...(typeof c.lotse_smart_fhir_base_url === "string" && c.lotse_smart_fhir_base_url
      ? {
          lotseSmart: {
            fhirBaseUrl: c.lotse_smart_fhir_base_url,
            scopes: Array.isArray(c.lotse_smart_scopes) ? c.lotse_smart_scopes.map(String) : [],
            userType: c.lotse_smart_user_type === "PRACTITIONER" ? "PRACTITIONER" : "PATIENT",
          },
        }
      : {}),
  };
}
