import type { Encounter, HumanName, Patient, Practitioner } from "fhir/r4.js";
import { allOfType, compartmentPatientId } from "./data/store.js";

/** `{base}/launcher-directory`: what the portal's SMART launcher offers in its pickers. */
export interface LauncherDirectory {
  patients: { id: string; name: string; birthDate: string; gender: string }[];
  practitioners: { id: string; name: string }[];
  encounters: { id: string; patientId: string; label: string }[];
}

function displayName(names: HumanName[] | undefined): string {
  const name = names?.[0];
  return name?.text ?? [name?.given?.join(" "), name?.family].filter(Boolean).join(" ");
}

function encounterLabel(encounter: Encounter): string {
  const date = encounter.period?.start?.slice(0, 10) ?? "undated";
  const type = encounter.type?.[0]?.text ?? encounter.class.display ?? "Encounter";
  const with_ = encounter.participant?.[0]?.individual?.display;
  return [date, type, with_].filter(Boolean).join(" · ");
}

export function launcherDirectory(): LauncherDirectory {
  return {
    patients: (allOfType("Patient") as Patient[]).map((patient) => ({
      id: patient.id!,
      name: displayName(patient.name),
      birthDate: patient.birthDate ?? "",
      gender: patient.gender ?? "unknown",
    })),
    practitioners: (allOfType("Practitioner") as Practitioner[]).map((practitioner) => ({
      id: practitioner.id!,
      name: displayName(practitioner.name),
    })),
    encounters: (allOfType("Encounter") as Encounter[]).map((encounter) => ({
      id: encounter.id!,
      patientId: compartmentPatientId(encounter)!,
      label: encounterLabel(encounter),
    })),
  };
}
