import type { IdpName } from "../idp/idp-registry.js";

/** gematik's gender values for `urn:telematik:claims:geschlecht` (männlich, weiblich, divers, unbestimmt). */
export type Geschlecht = "M" | "W" | "D" | "X";

export interface TestPerson {
  kvnr: string;
  givenName: string;
  familyName: string;
  displayName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: Geschlecht;
  email: string;
  /** The insurers at which the person can log in. */
  insurers: readonly IdpName[];
}

/**
 * Fictional insured persons; KVNRs carry valid check digits (isValidKvnr of @lotse/domain),
 * email addresses use the reserved example.org domain. Paul Wechsler is insured at both
 * nord and privat (he switched): the broker's PERSON sub mode must give him one sub.
 */
export const TEST_PERSONS: readonly TestPerson[] = [
  {
    kvnr: "X110411675",
    givenName: "Anna",
    familyName: "Beispiel",
    displayName: "Anna Beispiel",
    birthDate: "1985-04-12",
    gender: "W",
    email: "anna.beispiel@example.org",
    insurers: ["nord"],
  },
  {
    kvnr: "X110412020",
    givenName: "Jonas",
    familyName: "Testmann",
    displayName: "Jonas Testmann",
    birthDate: "1972-11-03",
    gender: "M",
    email: "jonas.testmann@example.org",
    insurers: ["nord"],
  },
  {
    kvnr: "X110413109",
    givenName: "Mira",
    familyName: "Probst",
    displayName: "Dr. Mira Probst",
    birthDate: "1999-02-28",
    gender: "W",
    email: "mira.probst@example.org",
    insurers: ["sued"],
  },
  {
    kvnr: "X110414289",
    givenName: "Sascha",
    familyName: "Sandmann",
    displayName: "Sascha Sandmann",
    birthDate: "1991-08-15",
    gender: "D",
    email: "sascha.sandmann@example.org",
    insurers: ["sued"],
  },
  {
    kvnr: "X110415369",
    givenName: "Kim",
    familyName: "Muster",
    displayName: "Kim Muster",
    birthDate: "2008-05-30",
    gender: "X",
    email: "kim.muster@example.org",
    insurers: ["sued"],
  },
  {
    kvnr: "X110416447",
    givenName: "Paul",
    familyName: "Wechsler",
    displayName: "Paul Wechsler",
    birthDate: "1968-07-21",
    gender: "M",
    email: "paul.wechsler@example.org",
    insurers: ["nord", "privat"],
  },
  {
    kvnr: "X110417526",
    givenName: "Helene",
    familyName: "Vorsorge",
    displayName: "Helene Vorsorge",
    birthDate: "1950-09-09",
    gender: "W",
    email: "helene.vorsorge@example.org",
    insurers: ["privat"],
  },
];

export function personsAt(idp: IdpName): TestPerson[] {
  return TEST_PERSONS.filter((person) => person.insurers.includes(idp));
}

export function findPersonAt(idp: IdpName, kvnr: string): TestPerson | undefined {
  return personsAt(idp).find((person) => person.kvnr === kvnr);
}
