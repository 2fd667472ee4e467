import { humanName } from "../../lib/smart/fhir-display";

export interface PatientLike {
  id?: string;
  name?: { use?: string; text?: string; given?: string[]; family?: string; prefix?: string[] }[];
  birthDate?: string;
  gender?: string;
}

/** The patient the launch is about, as the app shows it when the EHR does not. */
export function PatientBanner({
  patientId,
  patient,
  loading,
}: {
  patientId: string;
  patient: PatientLike | undefined;
  loading: boolean;
}) {
  const name = patient
    ? (humanName(patient.name) ?? "(no name recorded)")
    : loading
      ? "…"
      : "(not readable)";
  return (
    <section className="smart-banner" data-testid="smart-patient-banner">
      <strong data-testid="smart-patient-name">{name}</strong>
      <span>
        born <span data-testid="smart-patient-birth-date">{patient?.birthDate ?? "—"}</span>
      </span>
      <span data-testid="smart-patient-gender">{patient?.gender ?? "—"}</span>
      <span>
        id <code data-testid="smart-patient-id">{patientId}</code>
      </span>
    </section>
  );
}
