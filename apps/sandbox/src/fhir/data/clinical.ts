import type { Condition, Encounter, MedicationRequest, Observation, Reference } from "fhir/r4.js";
import {
  DIAGNOSES,
  DRUGS,
  MEASUREMENTS,
  SYSTEMS,
  concept,
  type Diagnosis,
  type Drug,
  type Measurement,
} from "./codes.js";
import { PATIENT_SEEDS, patientDisplay } from "./patients.js";
import { practitionerDisplay } from "./practitioners.js";

/**
 * One patient's synthetic record: practice visits (Encounters) on fixed dates, with
 * weight and heart rate at every visit and HbA1c at some, so an app can draw a chart.
 * Values at index i belong to visit i; `undefined` means not measured then.
 */
interface ClinicalProfile {
  patientId: string;
  /** The practitioner of each visit (cycled when there are more visits). */
  practitioners: readonly string[];
  /** Visit dates, YYYY-MM-DD. */
  visits: readonly string[];
  weight: readonly (number | undefined)[];
  heartRate: readonly (number | undefined)[];
  hba1c: readonly (number | undefined)[];
  conditions: readonly Diagnosis[];
  medications: readonly { drug: Drug; reason?: Diagnosis }[];
}

const QUARTERLY = ["2025-01-14", "2025-04-08", "2025-07-15", "2025-10-21"];

const PROFILES: readonly ClinicalProfile[] = [
  {
    patientId: "pat-anna",
    practitioners: ["prac-1"],
    visits: QUARTERLY,
    weight: [68.2, 67.5, 66.9, 66.1],
    heartRate: [72, 70, 68, 66],
    hba1c: [5.4, undefined, undefined, 5.3],
    conditions: [DIAGNOSES.hypothyroidism],
    medications: [{ drug: DRUGS.levothyroxine, reason: DIAGNOSES.hypothyroidism }],
  },
  {
    patientId: "pat-jonas",
    practitioners: ["prac-1", "prac-2"],
    visits: QUARTERLY,
    weight: [96.4, 94.8, 93.1, 91.7],
    heartRate: [84, 80, 78, 76],
    hba1c: [8.1, 7.6, 7.2, 6.9],
    conditions: [DIAGNOSES.diabetesType2, DIAGNOSES.hypertension],
    medications: [
      { drug: DRUGS.metformin, reason: DIAGNOSES.diabetesType2 },
      { drug: DRUGS.ramipril, reason: DIAGNOSES.hypertension },
    ],
  },
  {
    patientId: "pat-mira",
    practitioners: ["prac-1"],
    visits: ["2025-02-03", "2025-06-16", "2025-11-04"],
    weight: [58.0, 58.4, 58.1],
    heartRate: [64, 66, 63],
    hba1c: [undefined, 5.1, undefined],
    conditions: [DIAGNOSES.asthma],
    medications: [{ drug: DRUGS.salbutamol, reason: DIAGNOSES.asthma }],
  },
  {
    patientId: "pat-sascha",
    practitioners: ["prac-1"],
    visits: ["2025-03-11", "2025-07-29", "2025-12-02"],
    weight: [77.3, 78.0, 78.6],
    heartRate: [70, 72, 71],
    hba1c: [5.5, undefined, undefined],
    conditions: [DIAGNOSES.allergicRhinitis],
    medications: [],
  },
  {
    patientId: "pat-kim",
    practitioners: ["prac-3"],
    visits: ["2025-01-28", "2025-05-20", "2025-09-30"],
    weight: [52.0, 54.5, 56.3],
    heartRate: [78, 76, 75],
    hba1c: [undefined, undefined, 5.2],
    conditions: [],
    medications: [],
  },
  {
    patientId: "pat-paul",
    practitioners: ["prac-1"],
    visits: QUARTERLY,
    weight: [88.0, 87.2, 86.5, 86.9],
    heartRate: [76, 74, 73, 72],
    hba1c: [5.9, undefined, 6.0, 5.8],
    conditions: [DIAGNOSES.hypertension],
    medications: [{ drug: DRUGS.ramipril, reason: DIAGNOSES.hypertension }],
  },
  {
    patientId: "pat-helene",
    practitioners: ["prac-2", "prac-1"],
    visits: QUARTERLY,
    weight: [71.5, 70.8, 70.2, 69.9],
    heartRate: [68, 70, 69, 67],
    hba1c: [7.4, 7.1, 6.8, 7.0],
    conditions: [DIAGNOSES.diabetesType2, DIAGNOSES.hypertension],
    medications: [
      { drug: DRUGS.metformin, reason: DIAGNOSES.diabetesType2 },
      { drug: DRUGS.ramipril, reason: DIAGNOSES.hypertension },
    ],
  },
  {
    patientId: "pat-emil",
    practitioners: ["prac-1"],
    visits: ["2025-02-18", "2025-08-12"],
    weight: [81.4, 80.2],
    heartRate: [74, 77],
    hba1c: [6.1, 6.2],
    conditions: [DIAGNOSES.hypertension],
    medications: [{ drug: DRUGS.ramipril, reason: DIAGNOSES.hypertension }],
  },
  {
    patientId: "pat-lena",
    practitioners: ["prac-3"],
    visits: ["2025-03-04", "2025-09-09"],
    weight: [24.1, 25.6],
    heartRate: [92, 88],
    hba1c: [],
    conditions: [DIAGNOSES.asthma],
    medications: [{ drug: DRUGS.salbutamol, reason: DIAGNOSES.asthma }],
  },
  {
    patientId: "pat-otto",
    practitioners: ["prac-1"],
    visits: ["2025-05-06", "2025-11-18"],
    weight: [92.3, 91.8],
    heartRate: [69, 71],
    hba1c: [5.6, undefined],
    conditions: [],
    medications: [],
  },
];

/** `pat-anna` → `anna`: the readable part of every dependent resource's id. */
function shortName(patientId: string): string {
  return patientId.replace(/^pat-/, "");
}

function patientReference(patientId: string): Reference {
  const seed = PATIENT_SEEDS.find((candidate) => candidate.id === patientId);
  if (!seed) throw new Error(`unknown patient ${patientId}`);
  return { reference: `Patient/${patientId}`, display: patientDisplay(seed) };
}

function practitionerReference(id: string): Reference {
  return { reference: `Practitioner/${id}`, display: practitionerDisplay(id) };
}

function minutesAfter(dateTime: string, minutes: number): string {
  return new Date(Date.parse(dateTime) + minutes * 60_000).toISOString().replace(".000Z", "Z");
}

interface Visit {
  encounter: Encounter;
  start: string;
  practitioner: string;
}

function visitsOf(profile: ClinicalProfile, patientIndex: number): Visit[] {
  const name = shortName(profile.patientId);
  return profile.visits.map((date, index) => {
    const practitioner = profile.practitioners[index % profile.practitioners.length]!;
    // A different morning hour per patient, so a practice day has an order.
    const start = `${date}T${String(7 + (patientIndex % 9)).padStart(2, "0")}:30:00Z`;
    const encounter: Encounter = {
      resourceType: "Encounter",
      id: `enc-${name}-${index + 1}`,
      status: "finished",
      class: { system: SYSTEMS.actCode, code: "AMB", display: "ambulatory" },
      type: [concept(SYSTEMS.snomed, "185349003", "Encounter for check up")],
      subject: patientReference(profile.patientId),
      participant: [{ individual: practitionerReference(practitioner) }],
      period: { start, end: minutesAfter(start, 20) },
    };
    return { encounter, start, practitioner };
  });
}

function observation(
  profile: ClinicalProfile,
  visit: Visit,
  visitNumber: number,
  measurement: Measurement,
  value: number,
): Observation {
  const effective = minutesAfter(visit.start, 5);
  return {
    resourceType: "Observation",
    id: `obs-${shortName(profile.patientId)}-${measurement.key}-${visitNumber}`,
    status: "final",
    category: [{ coding: [measurement.category], text: measurement.category.display! }],
    code: concept(SYSTEMS.loinc, measurement.loinc, measurement.display),
    subject: patientReference(profile.patientId),
    encounter: { reference: `Encounter/${visit.encounter.id}` },
    effectiveDateTime: effective,
    // Laboratory values are released the next day, vital signs at once.
    issued:
      measurement.category.code === "laboratory" ? minutesAfter(effective, 24 * 60) : effective,
    performer: [practitionerReference(visit.practitioner)],
    valueQuantity: { value, unit: measurement.unit, system: SYSTEMS.ucum, code: measurement.ucum },
  };
}

function observationsOf(profile: ClinicalProfile, visits: Visit[]): Observation[] {
  const series: [Measurement, readonly (number | undefined)[]][] = [
    [MEASUREMENTS.weight, profile.weight],
    [MEASUREMENTS.heartRate, profile.heartRate],
    [MEASUREMENTS.hba1c, profile.hba1c],
  ];
  return series.flatMap(([measurement, values]) =>
    visits.flatMap((visit, index) => {
      const value = values[index];
      return value === undefined
        ? []
        : [observation(profile, visit, index + 1, measurement, value)];
    }),
  );
}

function conditionsOf(profile: ClinicalProfile, visits: Visit[]): Condition[] {
  const first = visits[0]!;
  return profile.conditions.map((diagnosis, index) => ({
    resourceType: "Condition",
    id: `cond-${shortName(profile.patientId)}-${index + 1}`,
    clinicalStatus: concept(SYSTEMS.conditionClinical, "active", "Active"),
    verificationStatus: concept(SYSTEMS.conditionVerification, "confirmed", "Confirmed"),
    category: [concept(SYSTEMS.conditionCategory, "problem-list-item", "Problem List Item")],
    code: {
      coding: [
        { system: SYSTEMS.snomed, code: diagnosis.snomed, display: diagnosis.display },
        { system: SYSTEMS.icd10gm, code: diagnosis.icd10 },
      ],
      text: diagnosis.display,
    },
    subject: patientReference(profile.patientId),
    encounter: { reference: `Encounter/${first.encounter.id}` },
    onsetDateTime: `${Number(first.start.slice(0, 4)) - 2 - index}`,
    recordedDate: first.start,
    recorder: practitionerReference(first.practitioner),
  }));
}

function medicationRequestsOf(
  profile: ClinicalProfile,
  visits: Visit[],
  conditions: Condition[],
): MedicationRequest[] {
  const first = visits[0]!;
  return profile.medications.map(({ drug, reason }, index) => {
    const condition = conditions.find(
      (candidate) => candidate.code?.coding?.[0]?.code === reason?.snomed,
    );
    return {
      resourceType: "MedicationRequest",
      id: `medreq-${shortName(profile.patientId)}-${index + 1}`,
      status: "active",
      intent: "order",
      medicationCodeableConcept: {
        coding: [{ system: SYSTEMS.atc, code: drug.atc, display: drug.display }],
        text: drug.text,
      },
      subject: patientReference(profile.patientId),
      encounter: { reference: `Encounter/${first.encounter.id}` },
      authoredOn: minutesAfter(first.start, 15),
      requester: practitionerReference(first.practitioner),
      ...(condition ? { reasonReference: [{ reference: `Condition/${condition.id}` }] } : {}),
      dosageInstruction: [{ text: drug.dosage }],
    };
  });
}

export interface ClinicalRecord {
  encounters: Encounter[];
  observations: Observation[];
  conditions: Condition[];
  medicationRequests: MedicationRequest[];
}

function buildClinicalRecord(): ClinicalRecord {
  const record: ClinicalRecord = {
    encounters: [],
    observations: [],
    conditions: [],
    medicationRequests: [],
  };
  PROFILES.forEach((profile, patientIndex) => {
    const visits = visitsOf(profile, patientIndex);
    const conditions = conditionsOf(profile, visits);
    record.encounters.push(...visits.map((visit) => visit.encounter));
    record.observations.push(...observationsOf(profile, visits));
    record.conditions.push(...conditions);
    record.medicationRequests.push(...medicationRequestsOf(profile, visits, conditions));
  });
  return record;
}

export const CLINICAL_RECORD: ClinicalRecord = buildClinicalRecord();
