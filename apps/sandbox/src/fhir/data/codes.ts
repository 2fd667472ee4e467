import type { CodeableConcept, Coding } from "fhir/r4.js";

/** Code systems the synthetic record uses; all are the published canonical URLs. */
export const SYSTEMS = {
  loinc: "http://loinc.org",
  snomed: "http://snomed.info/sct",
  ucum: "http://unitsofmeasure.org",
  icd10gm: "http://fhir.de/CodeSystem/bfarm/icd-10-gm",
  atc: "http://fhir.de/CodeSystem/bfarm/atc",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  conditionCategory: "http://terminology.hl7.org/CodeSystem/condition-category",
  conditionClinical: "http://terminology.hl7.org/CodeSystem/condition-clinical",
  conditionVerification: "http://terminology.hl7.org/CodeSystem/condition-ver-status",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
  /** The German statutory insurance number (KVNR), as the German base profiles name it. */
  kvnr: "http://fhir.de/sid/gkv/kvid-10",
  /** The lifelong physician number (LANR), as the KBV names it. */
  lanr: "https://fhir.kbv.de/NamingSystem/KBV_NS_Base_ANR",
  /** The sandbox practice's own patient numbers (example.org is reserved for examples). */
  sandboxPatientNumber: "https://sandbox.example.org/fhir/sid/patient-number",
} as const;

export function concept(system: string, code: string, display: string): CodeableConcept {
  return { coding: [{ system, code, display }], text: display };
}

export const OBSERVATION_CATEGORY = {
  vitalSigns: {
    system: SYSTEMS.observationCategory,
    code: "vital-signs",
    display: "Vital Signs",
  },
  laboratory: {
    system: SYSTEMS.observationCategory,
    code: "laboratory",
    display: "Laboratory",
  },
} satisfies Record<string, Coding>;

/** One measured quantity: its LOINC code, category and UCUM unit. */
export interface Measurement {
  key: string;
  loinc: string;
  display: string;
  category: Coding;
  unit: string;
  ucum: string;
}

export const MEASUREMENTS = {
  weight: {
    key: "weight",
    loinc: "29463-7",
    display: "Body weight",
    category: OBSERVATION_CATEGORY.vitalSigns,
    unit: "kg",
    ucum: "kg",
  },
  heartRate: {
    key: "hr",
    loinc: "8867-4",
    display: "Heart rate",
    category: OBSERVATION_CATEGORY.vitalSigns,
    unit: "beats/minute",
    ucum: "/min",
  },
  hba1c: {
    key: "hba1c",
    loinc: "4548-4",
    display: "Hemoglobin A1c/Hemoglobin.total in Blood",
    category: OBSERVATION_CATEGORY.laboratory,
    unit: "%",
    ucum: "%",
  },
} satisfies Record<string, Measurement>;

/** A diagnosis: SNOMED CT and ICD-10-GM codings of the same finding. */
export interface Diagnosis {
  snomed: string;
  icd10: string;
  display: string;
}

export const DIAGNOSES = {
  diabetesType2: { snomed: "44054006", icd10: "E11.9", display: "Diabetes mellitus type 2" },
  hypertension: { snomed: "38341003", icd10: "I10.90", display: "Hypertensive disorder" },
  asthma: { snomed: "195967001", icd10: "J45.9", display: "Asthma" },
  hypothyroidism: { snomed: "40930008", icd10: "E03.9", display: "Hypothyroidism" },
  allergicRhinitis: { snomed: "61582004", icd10: "J30.4", display: "Allergic rhinitis" },
} satisfies Record<string, Diagnosis>;

/** A prescribed drug: its ATC code, a readable text and the dosage as German prescriptions write it. */
export interface Drug {
  atc: string;
  display: string;
  text: string;
  dosage: string;
}

export const DRUGS = {
  metformin: {
    atc: "A10BA02",
    display: "Metformin",
    text: "Metformin 1000 mg Filmtablette",
    dosage: "1-0-1",
  },
  ramipril: {
    atc: "C09AA05",
    display: "Ramipril",
    text: "Ramipril 5 mg Tablette",
    dosage: "1-0-0",
  },
  salbutamol: {
    atc: "R03AC02",
    display: "Salbutamol",
    text: "Salbutamol 100 µg Dosieraerosol",
    dosage: "bei Bedarf 1–2 Hübe",
  },
  levothyroxine: {
    atc: "H03AA01",
    display: "Levothyroxin-Natrium",
    text: "Levothyroxin 75 µg Tablette",
    dosage: "1-0-0 nüchtern",
  },
} satisfies Record<string, Drug>;
