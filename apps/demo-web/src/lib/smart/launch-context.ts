/**
 * The launch context a SMART token response carries next to the access token
 * (SMART App Launch 2.2 §2.0.9, "Launch context arrives with your access_token").
 */

export interface LaunchContext {
  scope: string | undefined;
  patient: string | undefined;
  encounter: string | undefined;
  /** SMART 2.2 fhirContext: references such as `{ reference: "Observation/1" }`. */
  fhirContext: unknown[] | undefined;
  needPatientBanner: boolean | undefined;
  smartStyleUrl: string | undefined;
  /** Whether a refresh token came back (offline_access or online_access granted). */
  hasRefreshToken: boolean;
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** Reads the context fields of a token response, ignoring values of the wrong type. */
export function launchContextOf(tokenResponse: unknown): LaunchContext {
  const response =
    typeof tokenResponse === "object" && tokenResponse !== null
      ? (tokenResponse as Record<string, unknown>)
      : {};
  return {
    scope: text(response.scope),
    patient: text(response.patient),
    encounter: text(response.encounter),
    fhirContext: Array.isArray(response.fhirContext) ? response.fhirContext : undefined,
    needPatientBanner:
      typeof response.need_patient_banner === "boolean" ? response.need_patient_banner : undefined,
    smartStyleUrl: text(response.smart_style_url),
    hasRefreshToken: text(response.refresh_token) !== undefined,
  };
}

/**
 * An EHR that already shows the patient says so with `need_patient_banner: false`;
 * absent means the app shows its own banner (SMART 2.2 §2.0.9).
 */
export function showsPatientBanner(context: LaunchContext): boolean {
  return context.patient !== undefined && context.needPatientBanner !== false;
}

/** The granted scopes, one per entry, for display. */
export function grantedScopes(context: LaunchContext): string[] {
  return (context.scope ?? "").split(" ").filter(Boolean);
}
