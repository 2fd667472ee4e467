/**
 * The standard OpenID Connect claims an application may receive next to the gematik ones
 * (OIDC Core §5.1, §5.4), e.g. for a Keycloak that reads email, given_name and family_name
 * with its default mappers. Browser-safe (no dependencies).
 */

/** The standard scopes an application may register once standard claims are on. */
export const STANDARD_SCOPES = ["email", "profile"] as const;
export type StandardScope = (typeof STANDARD_SCOPES)[number];

export const isStandardScope = (scope: string): scope is StandardScope =>
  (STANDARD_SCOPES as readonly string[]).includes(scope);

/**
 * Each standard claim, its scope (OIDC Core §5.4) and the gematik claim it is filled from
 * (the broker's apps/broker/src/accounts/standard-claims.ts, which also asks the insurer
 * for these gematik scopes when a standard scope is requested).
 */
export const STANDARD_CLAIMS = [
  { claim: "email", scope: "email", from: "urn:telematik:claims:email" },
  {
    claim: "email_verified",
    scope: "email",
    from: "urn:telematik:claims:email (true: the insurer verified the address)",
  },
  { claim: "name", scope: "profile", from: "urn:telematik:claims:display_name" },
  { claim: "given_name", scope: "profile", from: "urn:telematik:claims:given_name" },
  {
    claim: "family_name",
    scope: "profile",
    from: "none: insurers release no family name, so it is left out",
  },
  { claim: "birthdate", scope: "profile", from: "urn:telematik:claims:geburtsdatum" },
] as const satisfies readonly { claim: string; scope: StandardScope; from: string }[];
