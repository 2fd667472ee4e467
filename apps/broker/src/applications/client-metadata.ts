/**
 * Maps an `Application` row to oidc-provider client metadata (OIDC Dynamic Client
 * Registration §2 names; our own additions are registered as extraClientMetadata).
 */
import type { Application } from "@lotse/db";
import { isNativeApplication, isSmartLaunchScope, type SubMode } from "@lotse/domain";
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
] as const;

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
}

export interface LotseSmartFields {
  /** The FHIR server its access tokens are for (the `aud` it sends). */
  fhirBaseUrl: string;
  /** Registered SMART scopes: launch scopes and resource scope patterns. */
  scopes: string[];
  userType: "PATIENT" | "PRACTITIONER";
}

function applicationType(redirectUris: string[]): "web" | "native" {
  return isNativeApplication(redirectUris) ? "native" : "web";
}

export function clientMetadataFor(app: Application, secretStandIn: string): ClientMetadata {
  const confidential = app.type === "CONFIDENTIAL";
  return {
    client_id: app.clientId,
    client_name: app.name,
    ...(app.logoUri ? { logo_uri: app.logoUri } : {}),
    application_type: applicationType(app.redirectUris),
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    // CIBA needs an authenticated client (CIBA Core §4): never for a public one.
    grant_types: confidential
      ? app.allowedGrantTypes
      : app.allowedGrantTypes.filter((grant) => grant !== CIBA_GRANT),
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
