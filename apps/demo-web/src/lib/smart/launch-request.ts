/**
 * What the SMART example app asks for when it starts a launch (SMART App Launch 2.2 §2.0.6):
 * the scope for an EHR or a standalone launch, and whether the `iss` it was given is the
 * FHIR server it trusts.
 */

/**
 * Context and data the example asks for. `launch/patient` and `launch/encounter` ask the
 * broker for context in a standalone launch (a patient picker); in an EHR launch the
 * `launch` value carries it. `patient/*.rs` serves a patient user, `user/*.rs` a
 * practitioner (the seeded demo-smart is a PRACTITIONER app).
 */
const BASE_SCOPES = [
  "openid",
  "fhirUser",
  "launch/patient",
  "launch/encounter",
  "patient/*.rs",
  "user/*.rs",
  "offline_access",
] as const;

/**
 * The scope for the launch in `search` (the launch URL's query). The bare `launch` scope
 * only belongs to an EHR launch, which passes a `launch` parameter (SMART 2.2 §2.0.6.2):
 * fhirclient neither adds nor removes it for us in a way we can rely on (it appends
 * `launch` only when the scope does not already match /launch/, which `launch/patient`
 * does), so it is decided here.
 */
export function smartLaunchScope(search: string): string {
  const launch = new URLSearchParams(search).get("launch");
  return (launch ? ["launch", ...BASE_SCOPES] : [...BASE_SCOPES]).join(" ");
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * Checks the launch's `iss` against the configured FHIR base. fhirclient would otherwise
 * follow any `iss` to its smart-configuration and send the authorization code to the
 * token endpoint named there, so an attacker's link could make the app hand its code
 * and tokens to another server: launch only against the server configured here
 * (RFC 9700 §4.4, mix-up attacks).
 * Answers the problem to show, or undefined when the launch may proceed.
 */
export function issProblem(iss: string | null, trustedFhirBaseUrl: string): string | undefined {
  if (!iss) {
    return "The launch URL has no iss parameter. Start a standalone launch from this app's home page or an EHR launch from the portal's SMART launcher.";
  }
  if (withoutTrailingSlash(iss) !== withoutTrailingSlash(trustedFhirBaseUrl)) {
    return `This app only launches against ${trustedFhirBaseUrl}, not against ${iss}.`;
  }
  return undefined;
}
