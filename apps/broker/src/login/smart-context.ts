/**
 * Use case: the SMART context a login ends with (SMART App Launch 2.2 §2.0.10), decided
 * once the person has logged in at the insurer:
 * - EHR launch (`launch`): the patient, encounter and user the EHR (the portal's launcher)
 *   put into the launch, as far as the requested scopes ask for them;
 * - standalone launch of a patient app: the person's own Patient at the FHIR server, found
 *   by the KVNR the insurer released;
 * - standalone launch of a practitioner app with `launch/patient`: the practitioner picks a
 *   patient (interactions/patient-picker-routes.ts).
 * Requests without SMART (no `aud`, or no SMART application) have no context.
 */
import type { Application } from "@lotse/db";
import { KVNR_SCOPE } from "@lotse/domain";
import type { Client } from "oidc-provider";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";
import { lotseFields } from "../applications/client-metadata.js";
import type { SmartContext, SmartContextStore } from "../smart/context-store.js";
import { FhirLookupError, type FhirLookup, type PatientSummary } from "../smart/fhir-lookup.js";
import type { LaunchStore } from "../smart/launches.js";
import { sameFhirBase, scopeList, smartScopesToGrant } from "../smart/scopes.js";
import type { LoginFailure } from "./login-deps.js";

export interface SmartLoginDeps {
  launches: LaunchStore;
  contexts: SmartContextStore;
  fhir: FhirLookup;
  /** The style sheet every context points to (smart/configuration-route.ts). */
  styleUrl: string;
}

export type SmartDecision =
  | { kind: "none" }
  | { kind: "context"; context: SmartContext }
  | { kind: "pick"; context: SmartContext; patients: PatientSummary[] }
  | { kind: "failure"; failure: LoginFailure };

/** What a SMART grant holds for its FHIR server: the resource indicator and its scopes. */
export interface SmartResource {
  indicator: string;
  scopes: string[];
}

const NONE: SmartDecision = { kind: "none" };

function failure(error: string, description: string): SmartDecision {
  return { kind: "failure", failure: { error, error_description: description } };
}

/** The FHIR server a request is for, and the scopes the grant holds for it. */
export function smartResourceOf(
  client: Client,
  params: Record<string, unknown>,
): SmartResource | undefined {
  const smart = lotseFields(client).lotseSmart;
  if (!smart || typeof params.aud !== "string" || !sameFhirBase(params.aud, smart.fhirBaseUrl))
    return undefined;
  const { granted } = smartScopesToGrant(
    smart,
    new Set(scopeList(client.scope)),
    scopeList(params.scope),
  );
  return { indicator: params.aud, scopes: granted };
}

/**
 * Upstream scopes the broker needs for itself: a patient app's standalone launch finds the
 * person's record by the KVNR, so the insurer is asked for it even where the app is not
 * allowed it (the ID token releases only what the app was granted).
 */
export function smartUpstreamScopes(
  application: Application,
  params: Record<string, unknown>,
): string[] {
  if (!application.smartEnabled || application.smartUserType !== "PATIENT") return [];
  if (typeof params.aud !== "string" || typeof params.launch === "string") return [];
  const scopes = new Set(scopeList(params.scope));
  return scopes.has("launch/patient") || scopes.has("fhirUser") ? [KVNR_SCOPE] : [];
}

/** What the audit records of an EHR launch when its flow starts (smart.launch). */
export async function launchDetails(
  deps: SmartLoginDeps,
  params: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  if (typeof params.launch !== "string") return undefined;
  const launch = await deps.launches.find(params.launch);
  if (!launch) return undefined;
  return {
    launchType: launch.launchType,
    fhirBaseUrl: launch.fhirBaseUrl,
    simulatedError: launch.simulatedError,
    aud: typeof params.aud === "string" ? params.aud : null,
  };
}

export async function decideSmartContext(
  deps: SmartLoginDeps,
  input: { client: Client; params: Record<string, unknown>; identity: UpstreamIdentity },
): Promise<SmartDecision> {
  const { client, params, identity } = input;
  const fields = lotseFields(client);
  const smart = fields.lotseSmart;
  if (!smart || !smartResourceOf(client, params)) return NONE;

  const scopes = new Set(scopeList(params.scope));
  const launchValue = typeof params.launch === "string" ? params.launch : undefined;
  const ehr = launchValue !== undefined;
  const wantsPatient = scopes.has("launch/patient") || (ehr && scopes.has("launch"));
  const wantsEncounter = scopes.has("launch/encounter") || (ehr && scopes.has("launch"));
  const wantsUser = scopes.has("openid") && scopes.has("fhirUser");
  const base: SmartContext = {
    fhirBaseUrl: smart.fhirBaseUrl,
    fhirContext: [],
    needPatientBanner: true,
    smartStyleUrl: deps.styleUrl,
  };

  if (ehr) {
    const launch = await deps.launches.find(launchValue);
    if (
      !launch ||
      launch.applicationId !== fields.lotseApplicationId ||
      !sameFhirBase(launch.fhirBaseUrl, smart.fhirBaseUrl)
    )
      return failure(
        "invalid_request",
        "The launch has expired. Start the app again from the EHR.",
      );
    const patient = wantsPatient ? (launch.patientId ?? undefined) : undefined;
    const encounter = wantsEncounter ? (launch.encounterId ?? undefined) : undefined;
    const user =
      launch.launchType === "EHR_PATIENT"
        ? launch.patientId && `Patient/${launch.patientId}`
        : launch.practitionerId && `Practitioner/${launch.practitionerId}`;
    return {
      kind: "context",
      context: {
        ...base,
        needPatientBanner: launch.needPatientBanner,
        ...(patient ? { patient } : {}),
        ...(encounter ? { encounter } : {}),
        ...(encounter ? { fhirContext: [{ reference: `Encounter/${encounter}` }] } : {}),
        ...(wantsUser && user ? { fhirUser: user } : {}),
        ...(launch.simulatedError ? { simulatedError: launch.simulatedError } : {}),
      },
    };
  }

  try {
    if (smart.userType === "PATIENT") {
      if (!wantsPatient && !wantsUser) return { kind: "context", context: base };
      const own = identity.kvnr
        ? await deps.fhir.patientByKvnr(smart.fhirBaseUrl, identity.kvnr)
        : undefined;
      if (!own)
        return failure(
          "access_denied",
          "The FHIR server has no record for this person, so the app cannot be given one.",
        );
      return {
        kind: "context",
        context: {
          ...base,
          ...(wantsPatient ? { patient: own.id } : {}),
          ...(wantsUser ? { fhirUser: `Patient/${own.id}` } : {}),
        },
      };
    }
    if (!wantsPatient) return { kind: "context", context: base };
    const patients = await deps.fhir.patients(smart.fhirBaseUrl);
    if (patients.length === 0)
      return failure("access_denied", "The FHIR server has no patients to choose from.");
    return { kind: "pick", context: base, patients };
  } catch (error) {
    if (error instanceof FhirLookupError)
      return failure(
        "temporarily_unavailable",
        `The patient could not be looked up: ${error.message}.`,
      );
    throw error;
  }
}
