/** Short display texts for the FHIR resources the SMART example shows. */

interface HumanNameLike {
  use?: string;
  text?: string;
  given?: string[];
  family?: string | string[];
  prefix?: string[];
}

/**
 * A person's name: the `official` (else `usual`, else first) HumanName, its text or
 * prefix, given and family parts (family is a string in R4 and was an array in DSTU2).
 */
export function humanName(names: readonly HumanNameLike[] | undefined): string | undefined {
  if (!names || names.length === 0) return undefined;
  const name =
    names.find((n) => n.use === "official") ?? names.find((n) => n.use === "usual") ?? names[0]!;
  if (name.text) return name.text;
  const family = Array.isArray(name.family) ? name.family.join(" ") : name.family;
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), family].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

export interface EncounterLike {
  id?: string;
  status?: string;
  class?: { code?: string; display?: string };
  type?: { text?: string; coding?: { display?: string; code?: string }[] }[];
  period?: { start?: string; end?: string };
}

/** e.g. "Ambulatory · General examination · 2024-02-01 – 2024-02-01 (finished)". */
export function encounterLabel(encounter: EncounterLike): string {
  const type = encounter.type?.[0];
  const period = encounter.period
    ? [encounter.period.start, encounter.period.end].filter(Boolean).join(" – ")
    : undefined;
  const parts = [
    encounter.class?.display ?? encounter.class?.code,
    type?.text ?? type?.coding?.[0]?.display ?? type?.coding?.[0]?.code,
    period,
  ].filter(Boolean);
  const label = parts.length > 0 ? parts.join(" · ") : `Encounter/${encounter.id ?? "?"}`;
  return encounter.status ? `${label} (${encounter.status})` : label;
}
