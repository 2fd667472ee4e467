/**
 * SMART App Launch 2.2 inputs and outputs of the portal (docs/flows/smart.md): an
 * application's SMART settings and the launcher's requests. Browser-safe (zod and
 * @lotse/domain only), so the settings form and the launcher validate with the same shapes.
 */
import { z } from "zod";
import {
  isSmartLaunchScope,
  isSmartSimulatedError,
  parseSmartResourceScope,
  SMART_LAUNCH_SCOPES,
  SMART_LAUNCH_TYPES,
  SMART_USER_TYPES,
  type SmartLaunchScope,
  type SmartLaunchType,
  type SmartUserType,
} from "@lotse/domain";
import { LOOPBACK_HOSTS } from "./redirect-uri.js";
import { wellFormedString } from "./well-formed.js";

/** What each launch scope asks for (SMART 2.2 §3.0.2), shown next to its checkbox. */
export const SMART_LAUNCH_SCOPE_DESCRIPTIONS: Record<SmartLaunchScope, string> = {
  launch: "EHR launch: the app receives the context of the launch it was started with.",
  "launch/patient": "Standalone launch: ask for a patient (a practitioner picks one).",
  "launch/encounter": "Standalone launch: ask for an encounter.",
  fhirUser: "The user's FHIR resource (Patient/… or Practitioner/…) in the ID token.",
  online_access: "A refresh token that lives only while the user is online.",
};

/** Shown next to the choice, one line each. */
export const SMART_USER_TYPE_EXPLANATIONS: Record<SmartUserType, string> = {
  PATIENT: "Used by patients for their own record; the patient is the signed-in person.",
  PRACTITIONER:
    "Used by practitioners for any patient; a standalone launch shows them a patient picker.",
};

/** Labels of the launcher's launch types (SMART 2.2 §2.0.1). */
export const SMART_LAUNCH_TYPE_LABELS: Record<SmartLaunchType, string> = {
  EHR_PROVIDER: "EHR launch as provider",
  EHR_PATIENT: "EHR launch as patient",
  STANDALONE_PROVIDER: "Standalone launch as provider",
  STANDALONE_PATIENT: "Standalone launch as patient",
};

export const isEhrLaunch = (type: SmartLaunchType): type is "EHR_PROVIDER" | "EHR_PATIENT" =>
  type === "EHR_PROVIDER" || type === "EHR_PATIENT";

export const isProviderLaunch = (type: SmartLaunchType) =>
  type === "EHR_PROVIDER" || type === "STANDALONE_PROVIDER";

/**
 * The launch URL and the FHIR base follow the redirect URI rule for the web (RFC 9700
 * §4.1.3 in spirit, RFC 8252 §8.3): https, or http only on the loopback interface; absolute,
 * no fragment. The FHIR base also has no query and no trailing slash: SMART's `iss` and the
 * access token's `aud` are compared with it character for character.
 */
export function smartUrlProblem(value: string, kind: "launch" | "fhirBase"): string | null {
  if (value.trim() !== value || value === "") return "Enter a URL without spaces.";
  if (value.includes("*")) return "Wildcards are not allowed.";
  if (value.includes("#")) return "The URL must not contain a fragment (#…).";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return kind === "launch"
      ? "Enter an absolute URL, e.g. https://app.example/launch."
      : "Enter an absolute URL, e.g. https://fhir.example/r4.";
  }
  if (url.username || url.password) return "The URL must not contain a user name or password.";
  if (url.protocol === "https:") {
    if (!url.hostname) return "An https URL needs a host.";
  } else if (url.protocol === "http:") {
    if (!LOOPBACK_HOSTS.has(url.hostname))
      return "http is only allowed for localhost and 127.0.0.1; use https.";
  } else {
    return "Use an https URL (http only for localhost and 127.0.0.1).";
  }
  if (kind === "fhirBase") {
    if (url.search || value.includes("?")) return "A FHIR base URL has no query (?…).";
    if (value.endsWith("/"))
      return "Leave out the trailing slash: apps compare the FHIR base (iss) exactly.";
  }
  return null;
}

/**
 * Why a resource scope cannot be registered, or null. `system/` scopes are for backend
 * services (SMART Backend Services, client credentials), which Lotse does not offer yet.
 */
export function smartResourceScopeProblem(scope: string): string | null {
  if (isSmartLaunchScope(scope)) return "Choose launch scopes with the checkboxes above.";
  const parsed = parseSmartResourceScope(scope);
  if (parsed === undefined)
    return "Not a SMART resource scope; these start with patient/ or user/, e.g. patient/Observation.rs.";
  if (parsed === "malformed")
    return "Not valid SMART scope syntax; e.g. patient/Observation.rs, user/*.read or patient/Observation.rs?category=…";
  if (parsed.context === "system")
    return "system/ scopes are for backend services (client credentials), which Lotse does not offer yet.";
  return null;
}

const smartUrl = (kind: "launch" | "fhirBase") =>
  wellFormedString()
    .max(2000)
    .superRefine((value, ctx) => {
      // Empty is allowed while SMART is off; the object's rule below requires it when on.
      if (value === "") return;
      const problem = smartUrlProblem(value, kind);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

const resourceScope = wellFormedString()
  .max(500)
  .superRefine((value, ctx) => {
    const problem = smartResourceScopeProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const smartSettingsSchema = z
  .object({
    enabled: z.boolean(),
    launchUrl: smartUrl("launch"),
    fhirBaseUrl: smartUrl("fhirBase"),
    launchScopes: z
      .array(z.enum(SMART_LAUNCH_SCOPES))
      .refine((scopes) => new Set(scopes).size === scopes.length, {
        error: "A scope is listed twice.",
      }),
    /** Per-scope messages land on their index (smart.resourceScopes.2), like redirect URIs. */
    resourceScopes: z
      .array(resourceScope)
      .max(50, { error: "At most 50 resource scopes." })
      .superRefine((scopes, ctx) => {
        scopes.forEach((scope, index) => {
          if (scopes.indexOf(scope) !== index)
            ctx.addIssue({ code: "custom", message: "Duplicate scope.", path: [index] });
        });
      }),
    userType: z.enum(SMART_USER_TYPES),
  })
  .superRefine((value, ctx) => {
    // SMART 2.2 §2.0.2: the EHR opens the launch URL with iss = the FHIR base; without
    // both a launch cannot start.
    if (!value.enabled) return;
    if (value.launchUrl === "")
      ctx.addIssue({ code: "custom", path: ["launchUrl"], message: "Enter the app's launch URL." });
    if (value.fhirBaseUrl === "")
      ctx.addIssue({
        code: "custom",
        path: ["fhirBaseUrl"],
        message: "Enter the FHIR server's base URL.",
      });
  });
export type SmartSettings = z.infer<typeof smartSettingsSchema>;

export const smartDefaults: SmartSettings = {
  enabled: false,
  launchUrl: "",
  fhirBaseUrl: "",
  launchScopes: [],
  resourceScopes: [],
  userType: "PATIENT",
};

/** The form's shape of stored SMART columns: launch scopes as checkboxes, the rest a list. */
export function smartSettingsOf(application: {
  smartEnabled: boolean;
  smartLaunchUrl: string | null;
  smartFhirBaseUrl: string | null;
  smartScopes: string[];
  smartUserType: SmartUserType;
}): SmartSettings {
  return {
    enabled: application.smartEnabled,
    launchUrl: application.smartLaunchUrl ?? "",
    fhirBaseUrl: application.smartFhirBaseUrl ?? "",
    launchScopes: application.smartScopes.filter(isSmartLaunchScope),
    resourceScopes: application.smartScopes.filter((scope) => !isSmartLaunchScope(scope)),
    userType: application.smartUserType,
  };
}

/** FHIR R4 id syntax (FHIR R4 §2.24.0.1 "id"): what a launch may carry as patient etc. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const fhirId = (what: string) =>
  wellFormedString().regex(FHIR_ID, {
    error: `Enter a FHIR ${what} id: 1 to 64 letters, digits, "-" or ".".`,
  });

const id = wellFormedString().min(1).max(64);

const STANDALONE_NO_CONTEXT =
  "A standalone launch carries no launch context; the patient is chosen at sign-in.";

export const createSmartLaunchInput = z
  .object({
    applicationId: id,
    launchType: z.enum(SMART_LAUNCH_TYPES),
    patientId: fhirId("Patient").optional(),
    practitionerId: fhirId("Practitioner").optional(),
    encounterId: fhirId("Encounter").optional(),
    /** SMART 2.2 `need_patient_banner`: whether the app must show which patient it is on. */
    needPatientBanner: z.boolean().default(true),
    simulatedError: wellFormedString()
      .refine(isSmartSimulatedError, { error: "Choose one of the listed errors." })
      .optional(),
  })
  .superRefine((value, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [field], message });
    if (!isEhrLaunch(value.launchType)) {
      // A standalone launch URL has no `launch` parameter, so nothing could carry these.
      if (value.patientId !== undefined) issue("patientId", STANDALONE_NO_CONTEXT);
      if (value.practitionerId !== undefined) issue("practitionerId", STANDALONE_NO_CONTEXT);
      if (value.encounterId !== undefined) issue("encounterId", STANDALONE_NO_CONTEXT);
      if (value.simulatedError !== undefined)
        issue(
          "simulatedError",
          "A standalone launch carries no launch value, so errors can only be simulated in an EHR launch.",
        );
      return;
    }
    if (value.patientId === undefined) issue("patientId", "An EHR launch needs a patient.");
    if (value.launchType === "EHR_PATIENT" && value.practitionerId !== undefined)
      issue("practitionerId", "Only a provider launch has a practitioner.");
  });
export type CreateSmartLaunchInput = z.input<typeof createSmartLaunchInput>;

export const smartLaunchOutput = z.object({
  /** The app's launch URL with iss (and launch, for EHR launches): open it in a new tab. */
  url: z.string(),
  launchType: z.enum(SMART_LAUNCH_TYPES),
  /** When the launch value stops working; null for standalone launches (nothing stored). */
  expiresAt: z.date().nullable(),
});
export type SmartLaunchOutput = z.infer<typeof smartLaunchOutput>;

export const smartApplicationInput = z.object({ applicationId: id });

/**
 * The sandbox FHIR server's `launcher-directory` (docs/flows/smart.md): who and what the
 * launcher can pick. Parsed, because it is the answer of another process; unknown keys are
 * dropped and the lists are bounded.
 */
const text = (max: number) => z.string().max(max);
export const launcherDirectorySchema = z.object({
  patients: z
    .array(
      z.object({
        id: z.string().regex(FHIR_ID),
        name: text(200),
        birthDate: text(32).nullish(),
        gender: text(32).nullish(),
      }),
    )
    .max(1000),
  practitioners: z.array(z.object({ id: z.string().regex(FHIR_ID), name: text(200) })).max(1000),
  encounters: z
    .array(
      z.object({
        id: z.string().regex(FHIR_ID),
        patientId: z.string().regex(FHIR_ID),
        label: text(200),
      }),
    )
    .max(5000),
});
export type LauncherDirectory = z.infer<typeof launcherDirectorySchema>;

export const launcherDirectoryOutput = z.discriminatedUnion("status", [
  z.object({ status: z.literal("available"), directory: launcherDirectorySchema }),
  /** Not the sandbox's FHIR server: the portal never fetches developer-entered URLs (SSRF). */
  z.object({ status: z.literal("not_sandbox") }),
  z.object({ status: z.literal("unavailable"), message: z.string() }),
]);
export type LauncherDirectoryOutput = z.infer<typeof launcherDirectoryOutput>;
