/** The gematik scopes and the claims each releases (DESIGN.md §4, gemSpec_IDP_Sek). */
export const TELEMATIK_SCOPE_CLAIMS = {
  "urn:telematik:versicherter": [
    "urn:telematik:claims:id",
    "urn:telematik:claims:organization_ir_id",
  ],
  "urn:telematik:email": ["urn:telematik:claims:email"],
  "urn:telematik:display_name": ["urn:telematik:claims:display_name"],
  "urn:telematik:given_name": ["urn:telematik:claims:given_name"],
  "urn:telematik:geburtsdatum": ["urn:telematik:claims:geburtsdatum"],
  "urn:telematik:geschlecht": ["urn:telematik:claims:geschlecht"],
  "urn:telematik:alter": ["urn:telematik:claims:alter"],
} as const;

export type TelematikScope = keyof typeof TELEMATIK_SCOPE_CLAIMS;

export const TELEMATIK_SCOPES = Object.keys(TELEMATIK_SCOPE_CLAIMS) as TelematikScope[];

export const TELEMATIK_CLAIMS: string[] = [
  ...new Set(Object.values(TELEMATIK_SCOPE_CLAIMS).flat()),
];

export function isTelematikScope(scope: string): scope is TelematikScope {
  return scope in TELEMATIK_SCOPE_CLAIMS;
}
