/**
 * One sentence on what a successful step established, for steps whose parameters alone
 * do not tell it: the SMART launch steps (SMART App Launch 2.2 §2.0.2, the launch context
 * of §2.0.10) and the backchannel login's (CIBA Core 1.0). Pure, so it is unit-tested
 * without a database.
 */
import { SMART_SIMULATED_ERRORS } from "@lotse/domain";
import type { ExplainableEvent } from "./explain.js";

const LAUNCH_TYPES: Record<string, string> = {
  EHR_PROVIDER: "an EHR launch as a provider",
  EHR_PATIENT: "an EHR launch as a patient",
  STANDALONE_PROVIDER: "a standalone launch as a provider",
  STANDALONE_PATIENT: "a standalone launch as a patient",
};

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

function describeLaunch(details: Record<string, unknown>): string {
  const type = text(details.launchType);
  const fhirBase = text(details.fhirBaseUrl);
  const error = text(details.simulatedError);
  const label = error && SMART_SIMULATED_ERRORS.find((known) => known.name === error)?.label;
  return [
    `The broker resolved ${(type && LAUNCH_TYPES[type]) ?? "a SMART launch"}`,
    fhirBase ? ` for the FHIR server ${fhirBase}.` : ".",
    error ? ` The launch asks to simulate ${error}${label ? ` (${label})` : ""}.` : "",
  ].join("");
}

function describeContext(details: Record<string, unknown>): string {
  const patient = text(details.patient);
  const encounter = text(details.encounter);
  const fhirUser = text(details.fhirUser);
  const parts = [
    patient ? `patient ${patient}` : "no patient",
    ...(encounter ? [`encounter ${encounter}`] : []),
    ...(fhirUser ? [`fhirUser ${fhirUser}`] : []),
  ];
  const banner =
    details.needPatientBanner === true
      ? " The app must show a patient banner (need_patient_banner)."
      : details.needPatientBanner === false
        ? " The EHR shows the patient already; the app need not (need_patient_banner false)."
        : "";
  return `The app was granted the launch context: ${parts.join(", ")}.${banner}`;
}

/** CIBA Core §5: how the app learns that the person has answered. */
const DELIVERY: Record<string, string> = {
  POLL: "in poll mode: the app asks the token endpoint until the person has answered",
  PING: "in ping mode: the broker calls the app's notification endpoint once the person has answered",
};

function describeCibaRequest(event: ExplainableEvent): string {
  const { details } = event;
  const mode = text(details.deliveryMode);
  const insurer = text(details.insurer) ?? text(event.upstreamIdp);
  return [
    `The app asked for a backchannel login (CIBA)${insurer ? ` at the insurer ${insurer}` : ""}`,
    mode && DELIVERY[mode] ? ` ${DELIVERY[mode]}.` : ".",
    details.bindingMessage === true
      ? " The person's phone shows the app's binding message."
      : details.bindingMessage === false
        ? " The app sent no binding message, so the phone shows only the app's name."
        : "",
    details.userCode === true ? " The app sent the person's user code." : "",
  ].join("");
}

function describeCibaApproved(details: Record<string, unknown>): string {
  const released = Array.isArray(details.released_claims)
    ? details.released_claims.filter((claim): claim is string => typeof claim === "string")
    : [];
  return [
    "The person approved the request on their phone; the app's next token request with the ",
    "auth_req_id receives the tokens.",
    released.length > 0 ? ` The insurer released: ${released.join(", ")}.` : "",
  ].join("");
}

/** The sentence for a successful SMART or CIBA step, or null for any other step. */
export function summarizeEvent(event: ExplainableEvent): string | null {
  if (event.outcome !== "SUCCESS") return null;
  if (event.type === "ciba.request") return describeCibaRequest(event);
  if (event.type === "ciba.approved") return describeCibaApproved(event.details);

  if (event.type === "smart.launch") return describeLaunch(event.details);
  if (event.type === "smart.context") return describeContext(event.details);
  return null;
}
