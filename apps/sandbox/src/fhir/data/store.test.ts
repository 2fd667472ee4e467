import { describe, expect, test } from "vitest";
import { TEST_PERSONS } from "../../identities/test-persons.js";
import { RESOURCE_TYPES, allOfType, compartmentPatientId, findResource } from "./store.js";

describe("the synthetic record", () => {
  test("has one Patient per sandbox test person, found by KVNR, and never a KVNR as id", () => {
    for (const person of TEST_PERSONS) {
      const patients = allOfType("Patient").filter(
        (patient) =>
          patient.resourceType === "Patient" &&
          patient.identifier?.some(
            (identifier) =>
              identifier.system === "http://fhir.de/sid/gkv/kvid-10" &&
              identifier.value === person.kvnr,
          ),
      );
      expect(patients).toHaveLength(1);
      expect(patients[0]!.id).toMatch(/^pat-[a-z]+$/);
    }
    expect(allOfType("Patient").length).toBeGreaterThan(TEST_PERSONS.length);
  });

  test("ids are unique, readable FHIR ids", () => {
    for (const type of RESOURCE_TYPES) {
      const ids = allOfType(type).map((resource) => resource.id!);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    }
    expect(allOfType("Practitioner").map((practitioner) => practitioner.id)).toEqual([
      "prac-1",
      "prac-2",
      "prac-3",
    ]);
  });

  test("every reference points to a resource that exists", () => {
    const text = JSON.stringify(RESOURCE_TYPES.flatMap((type) => allOfType(type)));
    const references = [...text.matchAll(/"reference":"([A-Za-z]+)\/([^"]+)"/g)];
    expect(references.length).toBeGreaterThan(100);
    for (const [, type, id] of references) {
      expect(findResource(type as "Patient", id!), `${type}/${id}`).toBeDefined();
    }
  });

  test("every patient has dated series of weight and heart rate for a chart", () => {
    for (const patient of allOfType("Patient")) {
      const observations = allOfType("Observation").filter(
        (observation) => compartmentPatientId(observation) === patient.id,
      );
      for (const loinc of ["29463-7", "8867-4"]) {
        const series = observations.filter(
          (observation) =>
            observation.resourceType === "Observation" &&
            observation.code.coding?.[0]?.code === loinc,
        );
        expect(series.length, `${patient.id} ${loinc}`).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
