/**
 * The gematik claims an insurer releases for a sandbox person. Which scope releases which
 * claim is @lotse/domain's TELEMATIK_SCOPE_CLAIMS (gemSpec_IDP_Sek, A_22989).
 */
import { isTelematikScope, TELEMATIK_SCOPE_CLAIMS, type TelematikClaim } from "@lotse/domain";
import type { TestPerson } from "../identities/test-persons.js";
import type { IdpDefinition } from "./idp-registry.js";

/** Profession OID of an insured person (gemSpec_OID, oid_versicherter). */
const PROFESSION_VERSICHERTER = "1.2.276.0.76.4.49";

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
  // Every claim of the vocabulary, so a claim added there is not silently missing here.
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
  } satisfies Record<TelematikClaim, string>;
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
