import { describe, expect, it } from "vitest";
import {
  LOINC,
  observationRows,
  observationSeries,
  type ObservationLike,
} from "./observation-series";

function observation(
  id: string,
  code: string,
  display: string,
  date: string | undefined,
  value: number,
  unit: string,
): ObservationLike {
  return {
    resourceType: "Observation",
    id,
    status: "final",
    code: { coding: [{ system: LOINC, code, display }] },
    ...(date ? { effectiveDateTime: date } : {}),
    valueQuantity: { value, unit, system: "http://unitsofmeasure.org", code: unit },
  };
}

const weight1 = observation("w1", "29463-7", "Body weight", "2024-01-10", 82.5, "kg");
const weight2 = observation("w2", "29463-7", "Body weight", "2024-03-10", 80.1, "kg");
const heartRate = observation("h1", "8867-4", "Heart rate", "2024-02-01T09:30:00Z", 72, "/min");
const hba1c = observation("a1", "4548-4", "Hemoglobin A1c", "2024-02-15", 6.9, "%");
const bloodPressure: ObservationLike = {
  resourceType: "Observation",
  id: "bp1",
  code: { coding: [{ system: LOINC, code: "85354-9", display: "Blood pressure panel" }] },
  effectiveDateTime: "2024-02-01",
  component: [
    {
      code: { coding: [{ system: LOINC, code: "8480-6", display: "Systolic" }] },
      valueQuantity: { value: 128, unit: "mmHg" },
    },
    {
      code: { coding: [{ system: LOINC, code: "8462-4", display: "Diastolic" }] },
      valueQuantity: { value: 84, unit: "mmHg" },
    },
  ],
};

describe("observationSeries", () => {
  it("groups numeric values by LOINC code, oldest first", () => {
    const series = observationSeries([weight2, heartRate, weight1, hba1c]);
    expect(series.map((s) => [s.key, s.label, s.unit])).toEqual([
      ["29463-7", "Body weight", "kg"],
      ["8867-4", "Heart rate", "/min"],
      ["4548-4", "Hemoglobin A1c", "%"],
    ]);
    expect(series[0]!.points).toEqual([
      { observationId: "w1", time: Date.parse("2024-01-10"), value: 82.5 },
      { observationId: "w2", time: Date.parse("2024-03-10"), value: 80.1 },
    ]);
  });

  it("charts the components of a panel as their own series", () => {
    expect(observationSeries([bloodPressure]).map((s) => [s.key, s.points[0]!.value])).toEqual([
      ["8462-4", 84],
      ["8480-6", 128],
    ]);
  });

  it("prefers the LOINC coding and keys other systems by system|code", () => {
    const local: ObservationLike = {
      code: {
        coding: [
          { system: "urn:local", code: "x" },
          { system: LOINC, code: "29463-7", display: "Body weight" },
        ],
      },
      effectiveDateTime: "2024-01-01",
      valueQuantity: { value: 1 },
    };
    const other: ObservationLike = {
      code: { coding: [{ system: "urn:local", code: "x", display: "Local" }] },
      effectiveDateTime: "2024-01-01",
      valueQuantity: { value: 2 },
    };
    expect(observationSeries([local, other]).map((s) => s.key)).toEqual(["29463-7", "urn:local|x"]);
  });

  it("skips values it cannot place on a time axis and other resource types", () => {
    const undated = observation("u", "29463-7", "Body weight", undefined, 90, "kg");
    const text: ObservationLike = { ...weight1, valueQuantity: undefined, valueString: "normal" };
    const patient = { resourceType: "Patient", id: "p" } as ObservationLike;
    expect(observationSeries([undated, text, patient])).toEqual([]);
  });
});

describe("observationRows", () => {
  it("lists every Observation with a readable value, oldest first, undated last", () => {
    const undated = observation("u", "29463-7", "Body weight", undefined, 90, "kg");
    const rows = observationRows([undated, weight2, bloodPressure, weight1]);
    expect(rows.map((r) => [r.id, r.date, r.label, r.code, r.value])).toEqual([
      ["w1", "2024-01-10", "Body weight", "29463-7", "82.5 kg"],
      [
        "bp1",
        "2024-02-01",
        "Blood pressure panel",
        "85354-9",
        "Systolic 128 mmHg, Diastolic 84 mmHg",
      ],
      ["w2", "2024-03-10", "Body weight", "29463-7", "80.1 kg"],
      ["u", undefined, "Body weight", "29463-7", "90 kg"],
    ]);
  });

  it("shows string and coded values", () => {
    const coded: ObservationLike = {
      code: { text: "Smoking status" },
      valueCodeableConcept: { coding: [{ code: "266919005", display: "Never smoked" }] },
    };
    expect(observationRows([coded])[0]).toMatchObject({
      label: "Smoking status",
      code: "",
      value: "Never smoked",
    });
  });
});
