import type { Patient } from "fhir/r4.js";
import { TEST_PERSONS, type Geschlecht } from "../../identities/test-persons.js";
import { SYSTEMS } from "./codes.js";

/** gematik's gender values mapped to FHIR's administrative gender. */
const GENDER: Record<Geschlecht, NonNullable<Patient["gender"]>> = {
  M: "male",
  W: "female",
  D: "other",
  X: "unknown",
};

export interface PatientSeed {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  gender: NonNullable<Patient["gender"]>;
  /** Only for the sandbox's test persons, who can log in at an insurer IDP. */
  kvnr?: string;
  prefix?: string;
}

/** Readable ids for the test persons (never the KVNR: ids show up in URLs and logs). */
const TEST_PERSON_IDS: Record<string, string> = {
  X110411675: "pat-anna",
  X110412020: "pat-jonas",
  X110413109: "pat-mira",
  X110414289: "pat-sascha",
  X110415369: "pat-kim",
  X110416447: "pat-paul",
  X110417526: "pat-helene",
};

/** Patients without a login: a practitioner's picker should show more than the insured. */
const OTHER_PATIENTS: readonly PatientSeed[] = [
  {
    id: "pat-emil",
    givenName: "Emil",
    familyName: "Fiktiv",
    birthDate: "1944-03-02",
    gender: "male",
  },
  {
    id: "pat-lena",
    givenName: "Lena",
    familyName: "Demo",
    birthDate: "2016-06-18",
    gender: "female",
  },
  {
    id: "pat-otto",
    givenName: "Otto",
    familyName: "Normal",
    birthDate: "1961-10-05",
    gender: "male",
  },
];

export const PATIENT_SEEDS: readonly PatientSeed[] = [
  ...TEST_PERSONS.map((person) => {
    const id = TEST_PERSON_IDS[person.kvnr];
    if (!id) throw new Error("a sandbox test person has no FHIR Patient id");
    const prefix = person.displayName.startsWith("Dr. ") ? "Dr." : undefined;
    return {
      id,
      givenName: person.givenName,
      familyName: person.familyName,
      birthDate: person.birthDate,
      gender: GENDER[person.gender],
      kvnr: person.kvnr,
      ...(prefix ? { prefix } : {}),
    };
  }),
  ...OTHER_PATIENTS,
];

export function patientDisplay(seed: PatientSeed): string {
  return [seed.prefix, seed.givenName, seed.familyName].filter(Boolean).join(" ");
}

function toPatient(seed: PatientSeed, index: number): Patient {
  return {
    resourceType: "Patient",
    id: seed.id,
    identifier: [
      ...(seed.kvnr
        ? [
            {
              use: "official" as const,
              type: {
                coding: [
                  { system: "http://fhir.de/CodeSystem/identifier-type-de-basis", code: "GKV" },
                ],
              },
              system: SYSTEMS.kvnr,
              value: seed.kvnr,
            },
          ]
        : []),
      { use: "usual", system: SYSTEMS.sandboxPatientNumber, value: `P-${String(1001 + index)}` },
    ],
    active: true,
    name: [
      {
        use: "official",
        text: patientDisplay(seed),
        family: seed.familyName,
        given: [seed.givenName],
        ...(seed.prefix ? { prefix: [seed.prefix] } : {}),
      },
    ],
    gender: seed.gender,
    birthDate: seed.birthDate,
  };
}

export const PATIENTS: readonly Patient[] = PATIENT_SEEDS.map(toPatient);
