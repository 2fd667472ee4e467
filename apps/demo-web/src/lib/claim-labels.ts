/**
 * Readable labels for the claims a Lotse ID token carries: the gematik claim names
 * (DESIGN.md §4, "Claims and scopes") and the OIDC Core §2 / §5.1 ones worth showing.
 */
import type { TelematikClaim } from "@lotse/domain";

/** Every gematik claim has a label; the order is the order shown. */
const TELEMATIK_LABELS = {
  "urn:telematik:claims:id": "Krankenversichertennummer (KVNR)",
  "urn:telematik:claims:display_name": "Name",
  "urn:telematik:claims:given_name": "Vorname / given name",
  "urn:telematik:claims:email": "E-Mail",
  "urn:telematik:claims:geburtsdatum": "Geburtsdatum / date of birth",
  "urn:telematik:claims:geschlecht": "Geschlecht / sex",
  "urn:telematik:claims:alter": "Alter / age",
  "urn:telematik:claims:organization_ir_id": "Krankenkasse (Institutionskennzeichen)",
  "urn:telematik:claims:profession": "Rolle / role (profession OID)",
} satisfies Record<TelematikClaim, string>;

const LABELS: Record<string, string> = {
  ...TELEMATIK_LABELS,
  "ext-original-iss": "Insurer (upstream issuer)",
  "ext-original-sub": "Subject at the insurer",
  acr: "Authentication level (acr)",
  amr: "Authentication methods (amr)",
};

/** Protocol claims every ID token has; shown in the decoded token, not as the person's data. */
const PROTOCOL_CLAIMS = new Set([
  "iss",
  "sub",
  "aud",
  "azp",
  "exp",
  "iat",
  "nbf",
  "auth_time",
  "nonce",
  "at_hash",
  "c_hash",
  "s_hash",
  "sid",
  "jti",
]);

export interface LabelledClaim {
  claim: string;
  label: string;
  value: string;
}

function display(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The person's claims from an ID token payload, labelled, in a stable order. */
export function personClaims(payload: Record<string, unknown>): LabelledClaim[] {
  return Object.entries(payload)
    .filter(([claim]) => !PROTOCOL_CLAIMS.has(claim))
    .map(([claim, value]) => ({ claim, label: LABELS[claim] ?? claim, value: display(value) }))
    .sort((a, b) => rank(a.claim) - rank(b.claim) || a.claim.localeCompare(b.claim));
}

function rank(claim: string): number {
  const index = Object.keys(LABELS).indexOf(claim);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
