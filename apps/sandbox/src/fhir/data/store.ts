import type {
  Condition,
  Encounter,
  MedicationRequest,
  Observation,
  Patient,
  Practitioner,
} from "fhir/r4.js";
import { CLINICAL_RECORD } from "./clinical.js";
import { PATIENTS } from "./patients.js";
import { PRACTITIONERS } from "./practitioners.js";

/** Every resource the sandbox FHIR server holds; read-only, built once at start-up. */
export type SandboxResource =
  Patient | Practitioner | Encounter | Observation | Condition | MedicationRequest;

export const RESOURCE_TYPES = [
  "Patient",
  "Practitioner",
  "Encounter",
  "Observation",
  "Condition",
  "MedicationRequest",
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export function isResourceType(type: string): type is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(type);
}

const BY_TYPE: Record<ResourceType, readonly SandboxResource[]> = {
  Patient: PATIENTS,
  Practitioner: PRACTITIONERS,
  Encounter: CLINICAL_RECORD.encounters,
  Observation: CLINICAL_RECORD.observations,
  Condition: CLINICAL_RECORD.conditions,
  MedicationRequest: CLINICAL_RECORD.medicationRequests,
};

const BY_KEY = new Map<string, SandboxResource>(
  Object.values(BY_TYPE).flatMap((resources) =>
    resources.map((resource) => [`${resource.resourceType}/${resource.id!}`, resource] as const),
  ),
);

export function allOfType(type: ResourceType): readonly SandboxResource[] {
  return BY_TYPE[type];
}

export function findResource(type: ResourceType, id: string): SandboxResource | undefined {
  return BY_KEY.get(`${type}/${id}`);
}

/**
 * The Patient whose compartment holds the resource (FHIR R4 CompartmentDefinition
 * "patient": Patient itself; subject for Encounter, Observation, Condition and
 * MedicationRequest). Practitioner is in no patient's compartment.
 */
export function compartmentPatientId(resource: SandboxResource): string | undefined {
  switch (resource.resourceType) {
    case "Patient":
      return resource.id;
    case "Practitioner":
      return undefined;
    default: {
      const reference = resource.subject?.reference;
      return reference?.startsWith("Patient/") ? reference.slice("Patient/".length) : undefined;
    }
  }
}
