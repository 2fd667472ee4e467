import { describe, expect, test } from "vitest";
import { isValidKvnr, kvnrCheckDigit, maskKvnr } from "./kvnr.js";
import { TEST_PERSONS } from "./test-persons.js";

describe("KVNR", () => {
  test("check digit of a known test KVNR", () => {
    expect(kvnrCheckDigit("X11041167")).toBe(5);
    expect(isValidKvnr("X110411675")).toBe(true);
    expect(isValidKvnr("X110411676")).toBe(false);
    expect(isValidKvnr("x110411675")).toBe(false);
    expect(isValidKvnr("X11041167")).toBe(false);
  });

  test("every test person has a valid, unique KVNR and at least one insurer", () => {
    for (const person of TEST_PERSONS) {
      expect(isValidKvnr(person.kvnr), person.kvnr).toBe(true);
      expect(person.insurers.length).toBeGreaterThan(0);
      expect(person.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(person.email).toMatch(/@example\.org$/);
    }
    expect(new Set(TEST_PERSONS.map((p) => p.kvnr)).size).toBe(TEST_PERSONS.length);
  });

  test("a masked KVNR keeps too little to identify anyone", () => {
    expect(maskKvnr("X110411675")).toBe("X******675");
  });
});
