/**
 * What demo-web asks the broker for: exactly the scopes its registration allows
 * (packages/db/src/seed/records.ts, DEMO_WEB). A scope it did not register would end the
 * login with invalid_scope (docs/flows/web.md).
 */
export const TELEMATIK_SCOPES = [
  "urn:telematik:versicherter",
  "urn:telematik:email",
  "urn:telematik:display_name",
  "urn:telematik:given_name",
  "urn:telematik:geburtsdatum",
  "urn:telematik:geschlecht",
  "urn:telematik:alter",
] as const;

/** offline_access: a refresh token, so the app can renew access tokens (OIDC Core §11). */
export const DEMO_WEB_SCOPE = ["openid", "offline_access", ...TELEMATIK_SCOPES].join(" ");
