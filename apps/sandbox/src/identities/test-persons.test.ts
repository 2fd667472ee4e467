import { describe, expect, test } from "vitest";
import { isValidKvnr } from "@lotse/domain";
import { TEST_PERSONS } from "./test-persons.js";

describe("test persons", () => {
  test("every test person has a valid, unique KVNR and at least one insurer", () => {
    for (const person of TEST_PERSONS) {
      expect(isValidKvnr(person.kvnr), person.kvnr).toBe(true);
      expect(person.insurers.length).toBeGreaterThan(0);
      expect(person.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(person.email).toMatch(/@example\.org$/);
    }
    expect(new Set(TEST_PERSONS.map((p) => p.kvnr)).size).toBe(TEST_PERSONS.length);
  });
});
