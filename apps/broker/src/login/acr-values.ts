/**
 * Levels of assurance across the broker: an app asks with `acr_values` (OIDC Core §3.1.2.1;
 * CIBA Core §7.1), the broker asks the insurer the same, and the `acr`/`amr` the insurer's ID
 * token asserts become the login's (complete-login.ts, ciba.ts), so the broker's ID token
 * carries what the insurer actually did, never a level the broker made up.
 */

/** gemSpec_IDP_Sek A_23129: the eIDAS levels a sectoral IDP asserts. */
export const ACR_HIGH = "gematik-ehealth-loa-high";
export const ACR_SUBSTANTIAL = "gematik-ehealth-loa-substantial";
export const ACR_VALUES = [ACR_HIGH, ACR_SUBSTANTIAL] as const;

/**
 * The `acr_values` the broker sends upstream: the app's, in its order of preference, limited
 * to the gematik levels (nothing else means anything to an insurer); high when the app asked
 * for none of them, as the broker's registration says (`default_acr_values`).
 */
export function upstreamAcrValues(requested: unknown): string {
  const known = (typeof requested === "string" ? requested.split(" ") : []).filter(
    (value): value is (typeof ACR_VALUES)[number] =>
      (ACR_VALUES as readonly string[]).includes(value),
  );
  return known.length > 0 ? [...new Set(known)].join(" ") : ACR_HIGH;
}
