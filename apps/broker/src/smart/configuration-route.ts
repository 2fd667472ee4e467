/**
 * `GET /fhir/.well-known/smart-configuration` (DESIGN.md §4; SMART App Launch 2.2 §2.1):
 * what a SMART app needs to know about the broker as the authorization server of a FHIR
 * server. Each FHIR server that trusts the broker serves this document under its own base
 * (`{fhir base}/.well-known/smart-configuration`; the sandbox's does). Every capability
 * listed is one the broker implements and the tests exercise.
 * `GET /fhir/smart-style.json` is the style sheet `smart_style_url` points to (§2.0.10).
 */
import type Router from "@koa/router";
import { SMART_LAUNCH_SCOPES } from "@lotse/domain";
import { ROUTES } from "../oidc/routes.js";

export const SMART_CONFIGURATION_PATH = "/fhir/.well-known/smart-configuration";
export const SMART_STYLE_PATH = "/fhir/smart-style.json";

export const SMART_CAPABILITIES = [
  "launch-ehr",
  "launch-standalone",
  "client-public",
  "client-confidential-symmetric",
  "sso-openid-connect",
  "context-banner",
  "context-style",
  "context-ehr-patient",
  "context-ehr-encounter",
  "context-standalone-patient",
  "permission-offline",
  "permission-online",
  "permission-patient",
  "permission-user",
  "permission-v1",
  "permission-v2",
] as const;

export function smartConfiguration(issuer: string) {
  const at = (path: string) => `${issuer}${path}`;
  return {
    issuer,
    jwks_uri: at(ROUTES.jwks),
    authorization_endpoint: at(ROUTES.authorization),
    token_endpoint: at(ROUTES.token),
    // client_secret_jwt would need the clear secret, which the broker never keeps.
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    scopes_supported: [
      "openid",
      ...SMART_LAUNCH_SCOPES,
      "offline_access",
      "patient/*.rs",
      "user/*.rs",
      "patient/*.read",
      "user/*.read",
    ],
    response_types_supported: ["code"],
    introspection_endpoint: at(ROUTES.introspection),
    revocation_endpoint: at(ROUTES.revocation),
    code_challenge_methods_supported: ["S256"],
    capabilities: [...SMART_CAPABILITIES],
  };
}

/** A neutral style the launched app may follow (SMART 2.2 §2.0.10 "Styling"). */
export const SMART_STYLE = {
  color_background: "#f6f7f9",
  color_error: "#b42318",
  color_highlight: "#1d4ed8",
  color_modal_backdrop: "",
  color_success: "#067647",
  color_text: "#1a1a1a",
  dim_border_radius: "6px",
  dim_font_size: "16px",
  dim_spacing_size: "16px",
  font_family_body: "system-ui, sans-serif",
  font_family_heading: "system-ui, sans-serif",
};

export function registerSmartConfiguration(router: Router, issuer: string): void {
  const document = smartConfiguration(issuer);
  router.get(SMART_CONFIGURATION_PATH, (ctx) => {
    ctx.set("Access-Control-Allow-Origin", "*");
    ctx.set("Cache-Control", "public, max-age=300");
    ctx.body = document;
  });
  router.get(SMART_STYLE_PATH, (ctx) => {
    ctx.set("Access-Control-Allow-Origin", "*");
    ctx.set("Cache-Control", "public, max-age=3600");
    ctx.body = SMART_STYLE;
  });
}
