/**
 * The standard OIDC claims (OIDC Core §5.1, §5.4) for applications that registered them
 * (Application.standardClaims, issue 13): `email` and `profile` are derived from the gematik
 * claims the person released at their insurer, never from anything else. Where the
 * insurer released nothing to derive a claim from, the claim is missing (OIDC Core §5.3.2:
 * a claim without a value is omitted), e.g. `family_name`: gematik insurers release a
 * display name and a given name, but no family name (gemSpec_IDP_Sek A_22989).
 */

/** What the standard scopes release (OIDC Core §5.4), as far as the insurers have a source. */
export const STANDARD_SCOPE_CLAIMS = {
  email: ["email", "email_verified"],
  profile: ["given_name", "family_name", "name", "birthdate"],
} as const;

export type StandardScope = keyof typeof STANDARD_SCOPE_CLAIMS;

/** The gematik scopes the broker asks the insurer for, so a standard scope has its source. */
const UPSTREAM_SCOPES: Record<StandardScope, readonly string[]> = {
  email: ["urn:telematik:email"],
  profile: ["urn:telematik:given_name", "urn:telematik:display_name", "urn:telematik:geburtsdatum"],
};

function isStandardScope(scope: string): scope is StandardScope {
  return Object.hasOwn(STANDARD_SCOPE_CLAIMS, scope);
}

/** The gematik scopes behind the standard scopes among `scopes` (already limited to the registered ones). */
export function upstreamScopesForStandardScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes.filter(isStandardScope).flatMap((scope) => UPSTREAM_SCOPES[scope]))];
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** OIDC Core §5.1 `birthdate` is YYYY-MM-DD; gematik's geburtsdatum may come without dashes. */
function birthdate(value: unknown): string | undefined {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text(value) ?? "");
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/**
 * The standard claims derivable from the released gematik claims; oidc-provider then
 * keeps those of the granted scopes only. `email_verified` is true: the insurer verified
 * the address it holds for its insured person, and the claim only exists with it.
 */
export function standardClaimsFrom(telematik: Record<string, unknown>): Record<string, unknown> {
  const email = text(telematik["urn:telematik:claims:email"]);
  const claims: Record<string, unknown> = {
    given_name: text(telematik["urn:telematik:claims:given_name"]),
    name: text(telematik["urn:telematik:claims:display_name"]),
    birthdate: birthdate(telematik["urn:telematik:claims:geburtsdatum"]),
    ...(email ? { email, email_verified: true } : {}),
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}
