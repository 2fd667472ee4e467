/**
 * The gematik scopes and the claims each releases (DESIGN.md §4 "Claims and scopes";
 * gemSpec_IDP_Sek A_22989). The one list for the broker, the sandbox's insurer IDPs, the
 * portal, the seed data and the example apps, so they cannot drift apart.
 */

/** In the order the portal and the example apps show and request them. */
export const TELEMATIK_SCOPES = [
  "urn:telematik:versicherter",
  "urn:telematik:email",
  "urn:telematik:display_name",
  "urn:telematik:given_name",
  "urn:telematik:geburtsdatum",
  "urn:telematik:geschlecht",
  "urn:telematik:alter",
] as const;

export type TelematikScope = (typeof TELEMATIK_SCOPES)[number];

/**
 * Each scope but `urn:telematik:versicherter` releases exactly one claim, so declining a
 * claim on an insurer's login page means rejecting its scope.
 */
export const TELEMATIK_SCOPE_CLAIMS = {
  "urn:telematik:versicherter": [
    // The KVNR (see kvnr.ts).
    "urn:telematik:claims:id",
    "urn:telematik:claims:organization_ir_id",
    // The insured person's profession OID (gemSpec_OID oid_versicherter). Released by the
    // sandbox's insurer IDPs as gemSpec_IDP_Sek lists it; the broker's own list lacked it.
    "urn:telematik:claims:profession",
  ],
  "urn:telematik:email": ["urn:telematik:claims:email"],
  "urn:telematik:display_name": ["urn:telematik:claims:display_name"],
  "urn:telematik:given_name": ["urn:telematik:claims:given_name"],
  "urn:telematik:geburtsdatum": ["urn:telematik:claims:geburtsdatum"],
  "urn:telematik:geschlecht": ["urn:telematik:claims:geschlecht"],
  "urn:telematik:alter": ["urn:telematik:claims:alter"],
} as const satisfies Record<TelematikScope, readonly string[]>;

export type TelematikClaim = (typeof TELEMATIK_SCOPE_CLAIMS)[TelematikScope][number];

/** Every claim of every scope, each once. */
export const TELEMATIK_CLAIMS: readonly TelematikClaim[] = TELEMATIK_SCOPES.flatMap(
  (scope) => TELEMATIK_SCOPE_CLAIMS[scope],
);

export function isTelematikScope(scope: string): scope is TelematikScope {
  return (TELEMATIK_SCOPES as readonly string[]).includes(scope);
}
