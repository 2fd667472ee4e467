import type { Observation } from "fhir/r4.js";
import { describe, expect, test } from "vitest";
import { allOfType, type ResourceType } from "./data/store.js";
import { FhirError } from "./operation-outcome.js";
import { executeSearch, parseSearch, type SearchOptions } from "./search.js";
import { searchset } from "./searchset.js";
import { dateRange, splitAlternatives } from "./search-values.js";

const BASE = "http://sandbox.test/fhir/r4";

function search(type: ResourceType, query: string, options: SearchOptions = {}) {
  const parsed = parseSearch(type, [...new URLSearchParams(query)], { baseUrl: BASE, ...options });
  return { query: parsed, ...executeSearch(parsed, allOfType(type)) };
}

function ids(type: ResourceType, query: string): string[] {
  return search(type, query).resources.map((resource) => resource.id!);
}

function status(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof FhirError) return error.status;
    throw error;
  }
  return undefined;
}

describe("search values", () => {
  test("dates cover the range of their precision", () => {
    expect(dateRange("2025")).toEqual({
      low: Date.UTC(2025, 0, 1),
      high: Date.UTC(2026, 0, 1),
    });
    expect(dateRange("2025-02")).toEqual({
      low: Date.UTC(2025, 1, 1),
      high: Date.UTC(2025, 2, 1),
    });
    expect(dateRange("2025-04-08T10:30:00+02:00")).toEqual({
      low: Date.UTC(2025, 3, 8, 8, 30),
      high: Date.UTC(2025, 3, 8, 8, 30, 1),
    });
    for (const bad of ["2025-13", "2025-02-30", "25-01-01", "2025-01-01T25:00Z", "yesterday"]) {
      expect(dateRange(bad), bad).toBeUndefined();
    }
  });

  test("commas separate alternatives unless escaped", () => {
    expect(splitAlternatives("a,b\\,c,,d")).toEqual(["a", "b,c", "d"]);
  });
});

describe("search", () => {
  test("patient and subject take Patient/x, x and the absolute URL", () => {
    const expected = ids("Observation", "patient=Patient/pat-anna");
    expect(expected.length).toBeGreaterThan(5);
    expect(ids("Observation", "patient=pat-anna")).toEqual(expected);
    expect(ids("Observation", "subject=Patient/pat-anna")).toEqual(expected);
    expect(ids("Observation", `subject=${BASE}/Patient/pat-anna`)).toEqual(expected);
    expect(ids("Observation", "patient=pat-nobody")).toEqual([]);
  });

  test("identifier finds a patient by KVNR, with or without the system", () => {
    expect(ids("Patient", "identifier=http://fhir.de/sid/gkv/kvid-10|X110411675")).toEqual([
      "pat-anna",
    ]);
    expect(ids("Patient", "identifier=X110411675")).toEqual(["pat-anna"]);
    expect(ids("Patient", "identifier=http://other.example|X110411675")).toEqual([]);
  });

  test("category, code (with OR) and status", () => {
    const labs = search("Observation", "patient=pat-jonas&category=laboratory").resources;
    expect(labs.map((resource) => (resource as Observation).code.coding![0]!.code)).toEqual([
      "4548-4",
      "4548-4",
      "4548-4",
      "4548-4",
    ]);
    const vital = ids(
      "Observation",
      "patient=pat-jonas&category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs",
    );
    expect(vital).toHaveLength(8);
    expect(ids("Observation", "patient=pat-jonas&code=http://loinc.org|29463-7,8867-4")).toEqual(
      vital,
    );
    expect(ids("Observation", "patient=pat-jonas&code=http://snomed.info/sct|29463-7")).toEqual([]);
    expect(ids("Observation", "patient=pat-jonas&status=final")).toHaveLength(12);
    expect(ids("MedicationRequest", "patient=pat-jonas&status=active")).toEqual([
      "medreq-jonas-1",
      "medreq-jonas-2",
    ]);
  });

  test("date with ge/le prefixes and a month's precision", () => {
    expect(
      ids("Observation", "patient=pat-anna&code=29463-7&date=ge2025-04-01&date=le2025-07-31"),
    ).toEqual(["obs-anna-weight-2", "obs-anna-weight-3"]);
    expect(ids("Observation", "patient=pat-anna&code=29463-7&date=2025-10")).toEqual([
      "obs-anna-weight-4",
    ]);
    expect(ids("Encounter", "patient=pat-anna&date=lt2025-04-08")).toEqual(["enc-anna-1"]);
  });

  test("encounter, name (accent- and case-insensitive) and _id", () => {
    expect(ids("Observation", "encounter=Encounter/enc-jonas-2")).toEqual([
      "obs-jonas-weight-2",
      "obs-jonas-hr-2",
      "obs-jonas-hba1c-2",
    ]);
    expect(ids("Patient", "name=BEISP")).toEqual(["pat-anna"]);
    expect(ids("Practitioner", "name=zuckermann")).toEqual(["prac-2"]);
    expect(ids("Patient", "name:exact=Beispiel")).toEqual(["pat-anna"]);
    expect(ids("Patient", "name:exact=beispiel")).toEqual([]);
    expect(ids("Patient", "_id=pat-kim,pat-otto")).toEqual(["pat-kim", "pat-otto"]);
  });

  test("_sort by date in both directions, _count and paging links", () => {
    const ascending = ids("Observation", "patient=pat-paul&code=29463-7&_sort=date");
    expect(ids("Observation", "patient=pat-paul&code=29463-7&_sort=-date")).toEqual(
      [...ascending].reverse(),
    );
    const page = search("Observation", "patient=pat-paul&_count=2&_sort=date");
    expect(page.total).toBe(11);
    const bundle = searchset(BASE, page.query, page);
    expect(bundle.total).toBe(11);
    expect(bundle.entry).toHaveLength(2);
    expect(bundle.entry![0]!.fullUrl).toBe(`${BASE}/Observation/${page.resources[0]!.id}`);
    expect(bundle.link).toEqual([
      { relation: "self", url: `${BASE}/Observation?patient=pat-paul&_count=2&_sort=date` },
      {
        relation: "next",
        url: `${BASE}/Observation?patient=pat-paul&_count=2&_sort=date&_offset=2`,
      },
    ]);
    expect(search("Observation", "patient=pat-paul&_count=0").resources).toEqual([]);
  });

  test("unknown parameters are ignored (lenient) or refused (strict)", () => {
    const lenient = search("Patient", "nickname=anna&_id=pat-anna");
    expect(lenient.resources.map((resource) => resource.id)).toEqual(["pat-anna"]);
    expect(lenient.query.ignored).toEqual(["nickname"]);
    const bundle = searchset(BASE, lenient.query, lenient);
    expect(bundle.link![0]!.url).toBe(`${BASE}/Patient?_id=pat-anna`);
    expect(bundle.entry!.at(-1)!.search).toEqual({ mode: "outcome" });
    expect(status(() => search("Patient", "nickname=anna", { strict: true }))).toBe(400);
    expect(status(() => search("Patient", "name:fuzzy=anna", { strict: true }))).toBe(400);
  });

  test("malformed values are a 400", () => {
    for (const query of [
      "date=yesterday",
      "date=ap2025",
      "patient=Patient/../x",
      "patient=a%00b",
      "_id=pat%00anna",
      "_count=-1",
      "_count=ten",
      `code=${"x".repeat(600)}`,
      `code=${Array.from({ length: 30 }, (_, index) => index).join(",")}`,
      Array.from({ length: 50 }, (_, index) => `code=${index}`).join("&"),
    ]) {
      expect(
        status(() => search("Observation", query)),
        query,
      ).toBe(400);
    }
  });
});
