/**
 * The Authentication Context Classes a sandbox insurer asserts (gemSpec_IDP_Sek, A_23129):
 * substantial or high eIDAS level of assurance, in that order in `acr_values_supported`.
 */
export const ACR_SUBSTANTIAL = "gematik-ehealth-loa-substantial";
export const ACR_HIGH = "gematik-ehealth-loa-high";
export const ACR_VALUES = [ACR_SUBSTANTIAL, ACR_HIGH];

/**
 * The `acr` of a login: the first of the requested `acr_values` (space separated, in order
 * of preference, OIDC Core §3.1.2.1) that the insurer supports; high when none is requested
 * or none is supported, since every sandbox login stands for a high-level authentication.
 */
export function assertedAcr(acrValues: unknown): string {
  if (typeof acrValues !== "string") return ACR_HIGH;
  return acrValues.split(" ").find((value) => ACR_VALUES.includes(value)) ?? ACR_HIGH;
}
