/** Display names of the claims the demo shows (gematik names, DESIGN.md §4). */
export const CLAIM_LABELS: Record<string, string> = {
  "urn:telematik:claims:id": "Versichertennummer (KVNR)",
  "urn:telematik:claims:display_name": "Name",
  "urn:telematik:claims:given_name": "Vorname",
  "urn:telematik:claims:email": "E-Mail",
  "urn:telematik:claims:geburtsdatum": "Geburtsdatum",
  "urn:telematik:claims:geschlecht": "Geschlecht",
  "urn:telematik:claims:alter": "Alter",
  "urn:telematik:claims:organization_ir_id": "Krankenkasse (IK)",
  "ext-original-iss": "Insurer (issuer)",
  acr: "Level of assurance",
};

/** The person's claims, in the order above; protocol claims (iss, aud, exp, …) left out. */
export function personClaims(
  claims: Record<string, unknown>,
): { name: string; label: string; value: string }[] {
  return Object.entries(CLAIM_LABELS)
    .filter(([name]) => claims[name] !== undefined)
    .map(([name, label]) => ({
      name,
      label,
      value:
        typeof claims[name] === "string" ? (claims[name] as string) : JSON.stringify(claims[name]),
    }));
}
