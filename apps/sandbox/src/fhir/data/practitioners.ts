import type { Practitioner } from "fhir/r4.js";
import { SYSTEMS } from "./codes.js";

interface PractitionerSeed {
  id: string;
  prefix: string;
  given: string;
  family: string;
  /** A fictional 9-digit LANR. */
  lanr: string;
  qualification: string;
}

const SEEDS: readonly PractitionerSeed[] = [
  {
    id: "prac-1",
    prefix: "Dr. med.",
    given: "Lea",
    family: "Hausmann",
    lanr: "123456601",
    qualification: "Allgemeinmedizin",
  },
  {
    id: "prac-2",
    prefix: "Dr. med.",
    given: "Tobias",
    family: "Zuckermann",
    lanr: "123456702",
    qualification: "Innere Medizin und Endokrinologie und Diabetologie",
  },
  {
    id: "prac-3",
    prefix: "Dr. med.",
    given: "Nora",
    family: "Kinderling",
    lanr: "123456803",
    qualification: "Kinder- und Jugendmedizin",
  },
];

export function practitionerDisplay(id: string): string {
  const seed = SEEDS.find((candidate) => candidate.id === id);
  if (!seed) throw new Error(`unknown practitioner ${id}`);
  return `${seed.prefix} ${seed.given} ${seed.family}`;
}

export const PRACTITIONERS: readonly Practitioner[] = SEEDS.map((seed) => ({
  resourceType: "Practitioner",
  id: seed.id,
  identifier: [{ system: SYSTEMS.lanr, value: seed.lanr }],
  active: true,
  name: [
    {
      use: "official",
      text: `${seed.prefix} ${seed.given} ${seed.family}`,
      family: seed.family,
      given: [seed.given],
      prefix: [seed.prefix],
    },
  ],
  qualification: [{ code: { text: seed.qualification } }],
}));
