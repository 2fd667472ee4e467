import type { TestPerson } from "../identities/test-persons.js";
import type { IdpDefinition } from "./idp-registry.js";

/**
 * gematik scopes and the claims each releases (gemSpec_IDP_Sek, A_22989). Each scope but
 * `urn:telematik:versicherter` releases exactly one claim, so declining a claim on the
 * login page means rejecting its scope.
 */
export const TELEMATIK_SCOPE_CLAIMS = {
  "urn:telematik:versicherter": [
    "urn:telematik:claims:id",
    "urn:telematik:claims:organization_ir_id",
    "urn:telematik:claims:profession",
  ],
  "urn:telematik:email": ["urn:telematik:claims:email"],
  "urn:telematik:display_name": ["urn:telematik:claims:display_name"],
  "urn:telematik:given_name": ["urn:telematik:claims:given_name"],
  "urn:telematik:geburtsdatum": ["urn:telematik:claims:geburtsdatum"],
  "urn:telematik:geschlecht": ["urn:telematik:claims:geschlecht"],
  "urn:telematik:alter": ["urn:telematik:claims:alter"],
} as const satisfies Record<string, readonly string[]>;

export type TelematikScope = keyof typeof TELEMATIK_SCOPE_CLAIMS;
export const TELEMATIK_SCOPES = Object.keys(TELEMATIK_SCOPE_CLAIMS) as TelematikScope[];

/** Profession OID of an insured person (gemSpec_OID, oid_versicherter). */
const PROFESSION_VERSICHERTER = "1.2.276.0.76.4.49";

export function isTelematikScope(scope: string): scope is TelematikScope {
  return Object.hasOwn(TELEMATIK_SCOPE_CLAIMS, scope);
}

/** Age in completed years on `today` (the gematik claim is a string). */
export function ageOn(birthDate: string, today: Date): number {
  const [year, month, day] = birthDate.split("-").map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - year;
  const beforeBirthday =
    today.getUTCMonth() + 1 < month ||
    (today.getUTCMonth() + 1 === month && today.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

/** Every telematik claim this insurer holds for the person; oidc-provider filters by scope. */
export function telematikClaims(
  person: TestPerson,
  idp: IdpDefinition,
  now = new Date(),
): Record<string, string> {
  return {
    "urn:telematik:claims:id": person.kvnr,
    "urn:telematik:claims:organization_ir_id": idp.institutionCode,
    "urn:telematik:claims:profession": PROFESSION_VERSICHERTER,
    "urn:telematik:claims:email": person.email,
    "urn:telematik:claims:display_name": person.displayName,
    "urn:telematik:claims:given_name": person.givenName,
    "urn:telematik:claims:geburtsdatum": person.birthDate,
    "urn:telematik:claims:geschlecht": person.gender,
    "urn:telematik:claims:alter": String(ageOn(person.birthDate, now)),
  };
}

/** The claims a granted scope set releases, minus individually rejected claims. */
export function releasedClaims(
  all: Record<string, string>,
  scopes: Iterable<string>,
  rejected: Iterable<string> = [],
): Record<string, string> {
  const rejectedSet = new Set(rejected);
  const released: Record<string, string> = {};
  for (const scope of scopes) {
    if (!isTelematikScope(scope)) continue;
    for (const claim of TELEMATIK_SCOPE_CLAIMS[scope]) {
      const value = all[claim];
      if (value !== undefined && !rejectedSet.has(claim)) released[claim] = value;
    }
  }
  return released;
}
