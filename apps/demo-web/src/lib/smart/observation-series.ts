/**
 * Turns a patient's Observations into what the SMART example shows: one chart series per
 * LOINC code (body weight, heart rate, HbA1c, …) and one table row per Observation.
 * Pure, so the grouping is unit-tested without a FHIR server.
 */

export const LOINC = "http://loinc.org";

/** The parts of a FHIR R4 Observation that are read here. */
type CodeableConcept = fhir4.CodeableConcept;
type Quantity = fhir4.Quantity;
export interface ObservationLike {
  resourceType?: string;
  id?: string;
  status?: string;
  code?: CodeableConcept;
  effectiveDateTime?: string;
  effectivePeriod?: { start?: string };
  effectiveInstant?: string;
  issued?: string;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
  component?: { code?: CodeableConcept; valueQuantity?: Quantity }[];
}

export interface ObservationPoint {
  observationId: string | undefined;
  /** Milliseconds since the epoch, the chart's x value. */
  time: number;
  value: number;
}

export interface ObservationSeries {
  /** The LOINC code, or another code system's `system|code` where there is no LOINC coding. */
  key: string;
  label: string;
  unit: string | undefined;
  points: ObservationPoint[];
}

export interface ObservationRow {
  id: string | undefined;
  /** As the server wrote it; undefined when the Observation has no effective time. */
  date: string | undefined;
  label: string;
  code: string;
  value: string;
  status: string | undefined;
}

interface CodeKey {
  key: string;
  code: string;
  label: string;
}

function codeKey(concept: CodeableConcept | undefined): CodeKey | undefined {
  const codings = concept?.coding ?? [];
  const coding = codings.find((c) => c.system === LOINC && c.code) ?? codings.find((c) => c.code);
  if (coding?.code) {
    const key =
      coding.system === LOINC || !coding.system ? coding.code : `${coding.system}|${coding.code}`;
    return { key, code: coding.code, label: concept?.text ?? coding.display ?? coding.code };
  }
  if (concept?.text) return { key: concept.text, code: "", label: concept.text };
  return undefined;
}

function effectiveTime(observation: ObservationLike): string | undefined {
  return (
    observation.effectiveDateTime ??
    observation.effectivePeriod?.start ??
    observation.effectiveInstant ??
    observation.issued
  );
}

function epochMillis(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const time = Date.parse(date);
  return Number.isNaN(time) ? undefined : time;
}

function quantityUnit(quantity: Quantity | undefined): string | undefined {
  return quantity?.unit ?? quantity?.code;
}

function formatQuantity(quantity: Quantity): string {
  const unit = quantityUnit(quantity);
  return unit ? `${quantity.value} ${unit}` : String(quantity.value);
}

/** The numeric values an Observation contributes: its own, or those of its components (blood pressure). */
function numericValues(
  observation: ObservationLike,
): { code: CodeKey; value: number; unit: string | undefined }[] {
  const own = codeKey(observation.code);
  if (own && typeof observation.valueQuantity?.value === "number") {
    return [
      {
        code: own,
        value: observation.valueQuantity.value,
        unit: quantityUnit(observation.valueQuantity),
      },
    ];
  }
  return (observation.component ?? []).flatMap((component) => {
    const code = codeKey(component.code);
    const value = component.valueQuantity?.value;
    return code && typeof value === "number"
      ? [{ code, value, unit: quantityUnit(component.valueQuantity) }]
      : [];
  });
}

function isObservation(resource: ObservationLike): boolean {
  return resource.resourceType === undefined || resource.resourceType === "Observation";
}

/** Chart series: numeric values with an effective time, grouped by code, oldest first. */
export function observationSeries(observations: readonly ObservationLike[]): ObservationSeries[] {
  const series = new Map<string, ObservationSeries>();
  for (const observation of observations.filter(isObservation)) {
    const time = epochMillis(effectiveTime(observation));
    if (time === undefined) continue;
    for (const { code, value, unit } of numericValues(observation)) {
      let entry = series.get(code.key);
      if (!entry) {
        entry = { key: code.key, label: code.label, unit, points: [] };
        series.set(code.key, entry);
      }
      entry.unit ??= unit;
      entry.points.push({ observationId: observation.id, time, value });
    }
  }
  return [...series.values()]
    .map((entry) => ({ ...entry, points: entry.points.sort((a, b) => a.time - b.time) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function valueText(observation: ObservationLike): string {
  if (observation.valueQuantity?.value !== undefined)
    return formatQuantity(observation.valueQuantity);
  if (observation.valueString !== undefined) return observation.valueString;
  const concept = observation.valueCodeableConcept;
  if (concept)
    return concept.text ?? concept.coding?.[0]?.display ?? concept.coding?.[0]?.code ?? "";
  const components = (observation.component ?? []).flatMap((component) => {
    const quantity = component.valueQuantity;
    if (quantity?.value === undefined) return [];
    const label = codeKey(component.code)?.label;
    return [label ? `${label} ${formatQuantity(quantity)}` : formatQuantity(quantity)];
  });
  return components.length > 0 ? components.join(", ") : "—";
}

/** Table rows, one per Observation, oldest first; those without a time last. */
export function observationRows(observations: readonly ObservationLike[]): ObservationRow[] {
  return observations
    .filter(isObservation)
    .map((observation) => {
      const code = codeKey(observation.code);
      return {
        id: observation.id,
        date: effectiveTime(observation),
        label: code?.label ?? "(no code)",
        code: code?.code ?? "",
        value: valueText(observation),
        status: observation.status,
      };
    })
    .map((row, index) => ({ row, index, time: epochMillis(row.date) }))
    .sort(
      (a, b) =>
        (a.time ?? Number.POSITIVE_INFINITY) - (b.time ?? Number.POSITIVE_INFINITY) ||
        a.index - b.index,
    )
    .map(({ row }) => row);
}
