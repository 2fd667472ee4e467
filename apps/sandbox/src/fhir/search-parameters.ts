/**
 * The search parameters each resource type supports, with the R4 names and the elements
 * they read (https://hl7.org/fhir/R4/searchparameter-registry.html). The capability
 * statement lists exactly these.
 */
import type {
  CodeableConcept,
  Condition,
  Encounter,
  HumanName,
  Identifier,
  MedicationRequest,
  Observation,
  Patient,
  Practitioner,
  Reference,
} from "fhir/r4.js";
import type { ResourceType, SandboxResource } from "./data/store.js";
import { dateRange, type TimeRange } from "./search-values.js";

export interface CodingValue {
  system: string | undefined;
  code: string | undefined;
}

interface Documented {
  documentation: string;
}

// Method signatures (not function properties) so a definition for one resource type is
// usable where any sandbox resource is expected: the table below is keyed by type.
export interface TokenParameter<T> extends Documented {
  type: "token";
  values(resource: T): CodingValue[];
}
export interface ReferenceParameter<T> extends Documented {
  type: "reference";
  /** The type a bare id (`patient=pat-anna`) refers to. */
  target: ResourceType;
  /** References as `Type/id`. */
  values(resource: T): string[];
}
export interface DateParameter<T> extends Documented {
  type: "date";
  range(resource: T): TimeRange | undefined;
}
export interface StringParameter<T> extends Documented {
  type: "string";
  values(resource: T): string[];
}
export type SearchParameter<T = SandboxResource> =
  TokenParameter<T> | ReferenceParameter<T> | DateParameter<T> | StringParameter<T>;

function codings(concepts: CodeableConcept | CodeableConcept[] | undefined): CodingValue[] {
  const list = Array.isArray(concepts) ? concepts : concepts ? [concepts] : [];
  return list.flatMap((concept) =>
    (concept.coding ?? []).map((coding) => ({ system: coding.system, code: coding.code })),
  );
}

function identifiers(list: Identifier[] | undefined): CodingValue[] {
  return (list ?? []).map((identifier) => ({ system: identifier.system, code: identifier.value }));
}

function code(system: string, value: string | undefined): CodingValue[] {
  return value === undefined ? [] : [{ system, code: value }];
}

function references(...list: (Reference | undefined)[]): string[] {
  return list.flatMap((reference) => (reference?.reference ? [reference.reference] : []));
}

function patientReferences(subject: Reference | undefined): string[] {
  return references(subject).filter((reference) => reference.startsWith("Patient/"));
}

function nameParts(names: HumanName[] | undefined): string[] {
  return (names ?? []).flatMap((name) => [
    ...(name.text ? [name.text] : []),
    ...(name.family ? [name.family] : []),
    ...(name.given ?? []),
    ...(name.prefix ?? []),
    ...(name.suffix ?? []),
  ]);
}

function instant(value: string | undefined): TimeRange | undefined {
  return value === undefined ? undefined : dateRange(value);
}

const PATIENT_REFERENCE = "The patient (Patient/id or id) the resource is about.";
const SUBJECT_REFERENCE = "The subject (Patient/id, or a bare Patient id).";

const patientParameters: Record<string, SearchParameter<Patient>> = {
  identifier: {
    type: "token",
    documentation: "A patient identifier, e.g. http://fhir.de/sid/gkv/kvid-10|<KVNR>.",
    values: (patient) => identifiers(patient.identifier),
  },
  name: {
    type: "string",
    documentation: "Any part of the name (text, family, given, prefix).",
    values: (patient) => nameParts(patient.name),
  },
  family: {
    type: "string",
    documentation: "The family name.",
    values: (patient) => (patient.name ?? []).flatMap((name) => (name.family ? [name.family] : [])),
  },
  given: {
    type: "string",
    documentation: "A given name.",
    values: (patient) => (patient.name ?? []).flatMap((name) => name.given ?? []),
  },
  birthdate: {
    type: "date",
    documentation: "The date of birth.",
    range: (patient) => instant(patient.birthDate),
  },
  gender: {
    type: "token",
    documentation: "male | female | other | unknown",
    values: (patient) => code("http://hl7.org/fhir/administrative-gender", patient.gender),
  },
};

const practitionerParameters: Record<string, SearchParameter<Practitioner>> = {
  identifier: {
    type: "token",
    documentation: "A practitioner identifier (LANR).",
    values: (practitioner) => identifiers(practitioner.identifier),
  },
  name: {
    type: "string",
    documentation: "Any part of the name (text, family, given, prefix).",
    values: (practitioner) => nameParts(practitioner.name),
  },
  family: {
    type: "string",
    documentation: "The family name.",
    values: (practitioner) =>
      (practitioner.name ?? []).flatMap((name) => (name.family ? [name.family] : [])),
  },
  given: {
    type: "string",
    documentation: "A given name.",
    values: (practitioner) => (practitioner.name ?? []).flatMap((name) => name.given ?? []),
  },
};

const encounterParameters: Record<string, SearchParameter<Encounter>> = {
  patient: {
    type: "reference",
    target: "Patient",
    documentation: PATIENT_REFERENCE,
    values: (encounter) => patientReferences(encounter.subject),
  },
  subject: {
    type: "reference",
    target: "Patient",
    documentation: SUBJECT_REFERENCE,
    values: (encounter) => references(encounter.subject),
  },
  date: {
    type: "date",
    documentation: "The period of the encounter.",
    range: (encounter) => {
      const start = instant(encounter.period?.start);
      if (!start) return undefined;
      const end = instant(encounter.period?.end);
      return { low: start.low, high: end ? end.high : Number.POSITIVE_INFINITY };
    },
  },
  status: {
    type: "token",
    documentation: "planned | arrived | in-progress | finished | …",
    values: (encounter) => code("http://hl7.org/fhir/encounter-status", encounter.status),
  },
  class: {
    type: "token",
    documentation: "The class, e.g. AMB (ambulatory).",
    values: (encounter) => [{ system: encounter.class.system, code: encounter.class.code }],
  },
  type: {
    type: "token",
    documentation: "The type of encounter.",
    values: (encounter) => codings(encounter.type),
  },
  practitioner: {
    type: "reference",
    target: "Practitioner",
    documentation: "A participating practitioner.",
    values: (encounter) =>
      references(...(encounter.participant ?? []).map((participant) => participant.individual)),
  },
};

const observationParameters: Record<string, SearchParameter<Observation>> = {
  patient: {
    type: "reference",
    target: "Patient",
    documentation: PATIENT_REFERENCE,
    values: (observation) => patientReferences(observation.subject),
  },
  subject: {
    type: "reference",
    target: "Patient",
    documentation: SUBJECT_REFERENCE,
    values: (observation) => references(observation.subject),
  },
  category: {
    type: "token",
    documentation:
      "vital-signs or laboratory (http://terminology.hl7.org/CodeSystem/observation-category).",
    values: (observation) => codings(observation.category),
  },
  code: {
    type: "token",
    documentation: "A LOINC code, e.g. http://loinc.org|29463-7 (body weight).",
    values: (observation) => codings(observation.code),
  },
  date: {
    type: "date",
    documentation: "When the value was measured (effectiveDateTime).",
    range: (observation) => instant(observation.effectiveDateTime),
  },
  status: {
    type: "token",
    documentation: "registered | preliminary | final | amended | …",
    values: (observation) => code("http://hl7.org/fhir/observation-status", observation.status),
  },
  encounter: {
    type: "reference",
    target: "Encounter",
    documentation: "The encounter (Encounter/id or id).",
    values: (observation) => references(observation.encounter),
  },
  performer: {
    type: "reference",
    target: "Practitioner",
    documentation: "Who measured the value.",
    values: (observation) => references(...(observation.performer ?? [])),
  },
};

const conditionParameters: Record<string, SearchParameter<Condition>> = {
  patient: {
    type: "reference",
    target: "Patient",
    documentation: PATIENT_REFERENCE,
    values: (condition) => patientReferences(condition.subject),
  },
  subject: {
    type: "reference",
    target: "Patient",
    documentation: SUBJECT_REFERENCE,
    values: (condition) => references(condition.subject),
  },
  category: {
    type: "token",
    documentation: "problem-list-item | encounter-diagnosis",
    values: (condition) => codings(condition.category),
  },
  code: {
    type: "token",
    documentation: "A SNOMED CT or ICD-10-GM code.",
    values: (condition) => codings(condition.code),
  },
  "clinical-status": {
    type: "token",
    documentation: "active | recurrence | relapse | inactive | remission | resolved",
    values: (condition) => codings(condition.clinicalStatus),
  },
  encounter: {
    type: "reference",
    target: "Encounter",
    documentation: "The encounter in which the condition was recorded.",
    values: (condition) => references(condition.encounter),
  },
  "onset-date": {
    type: "date",
    documentation: "When the condition began.",
    range: (condition) => instant(condition.onsetDateTime),
  },
  "recorded-date": {
    type: "date",
    documentation: "When the condition was recorded.",
    range: (condition) => instant(condition.recordedDate),
  },
};

const medicationRequestParameters: Record<string, SearchParameter<MedicationRequest>> = {
  patient: {
    type: "reference",
    target: "Patient",
    documentation: PATIENT_REFERENCE,
    values: (request) => patientReferences(request.subject),
  },
  subject: {
    type: "reference",
    target: "Patient",
    documentation: SUBJECT_REFERENCE,
    values: (request) => references(request.subject),
  },
  status: {
    type: "token",
    documentation: "active | on-hold | cancelled | completed | …",
    values: (request) =>
      code("http://hl7.org/fhir/CodeSystem/medicationrequest-status", request.status),
  },
  intent: {
    type: "token",
    documentation: "proposal | plan | order | …",
    values: (request) =>
      code("http://hl7.org/fhir/CodeSystem/medicationrequest-intent", request.intent),
  },
  code: {
    type: "token",
    documentation: "The medication's ATC code.",
    values: (request) => codings(request.medicationCodeableConcept),
  },
  encounter: {
    type: "reference",
    target: "Encounter",
    documentation: "The encounter of the prescription.",
    values: (request) => references(request.encounter),
  },
  authoredon: {
    type: "date",
    documentation: "When the prescription was written.",
    range: (request) => instant(request.authoredOn),
  },
  requester: {
    type: "reference",
    target: "Practitioner",
    documentation: "Who prescribed.",
    values: (request) => references(request.requester),
  },
};

export const SEARCH_PARAMETERS: Record<ResourceType, Record<string, SearchParameter>> = {
  Patient: patientParameters,
  Practitioner: practitionerParameters,
  Encounter: encounterParameters,
  Observation: observationParameters,
  Condition: conditionParameters,
  MedicationRequest: medicationRequestParameters,
} as Record<ResourceType, Record<string, SearchParameter>>;
