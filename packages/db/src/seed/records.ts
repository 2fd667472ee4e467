/**
 * The records the development quick start and the tests rely on. Tests import these
 * constants instead of repeating ids and URLs.
 */

export const DEMO_ORGANIZATION = {
  slug: "lotse-demo",
  name: "Lotse Demo",
} as const;

/** gematik scopes of DESIGN.md §4. */
export const TELEMATIK_SCOPES = [
  "urn:telematik:versicherter",
  "urn:telematik:email",
  "urn:telematik:display_name",
  "urn:telematik:given_name",
  "urn:telematik:geburtsdatum",
  "urn:telematik:geschlecht",
  "urn:telematik:alter",
] as const;

export const DEMO_WEB = {
  clientId: "demo-web",
  name: "Lotse Demo Web",
  type: "CONFIDENTIAL",
  redirectUris: ["http://localhost:3001/api/auth/callback/lotse"],
  postLogoutRedirectUris: ["http://localhost:3001/"],
  subMode: "PAIRWISE",
  allowedScopes: ["openid", "offline_access", ...TELEMATIK_SCOPES],
  allowedGrantTypes: ["authorization_code", "refresh_token"],
  /** Development only: the seed refuses to create it in production. */
  developmentSecret: "demo-web-secret",
} as const;

export const DEMO_MOBILE = {
  clientId: "demo-mobile",
  name: "Lotse Demo Mobile",
  type: "PUBLIC",
  redirectUris: ["http://localhost:8081/app/ce", "de.lotse.demo:/oauthredirect"],
  postLogoutRedirectUris: ["http://localhost:8081/", "de.lotse.demo:/logout"],
  subMode: "UNIQUE",
  allowedScopes: ["openid", "offline_access", ...TELEMATIK_SCOPES],
  allowedGrantTypes: ["authorization_code", "refresh_token"],
} as const;

/** The sandbox's insurer IDPs (apps/sandbox), registered at the broker in development. */
export const SANDBOX_IDPS = [
  { path: "nord", displayName: "Sandbox Krankenkasse Nord", pkv: false },
  { path: "sued", displayName: "Sandbox BKK Süd", pkv: false },
  { path: "privat", displayName: "Sandbox Private Krankenversicherung", pkv: true },
] as const;

export const DEFAULT_SANDBOX_URL = "http://localhost:4100";

export function sandboxIdpIssuer(sandboxUrl: string, path: string): string {
  return `${sandboxUrl.replace(/\/+$/, "")}/idp/${path}`;
}
