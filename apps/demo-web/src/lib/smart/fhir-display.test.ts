import { describe, expect, it } from "vitest";
import { encounterLabel, humanName } from "./fhir-display";

describe("humanName", () => {
  it("prefers the official name and joins its parts", () => {
    expect(
      humanName([
        { use: "nickname", given: ["Hanni"] },
        { use: "official", prefix: ["Dr."], given: ["Hanna", "Maria"], family: "Schmidt" },
      ]),
    ).toBe("Dr. Hanna Maria Schmidt");
  });

  it("uses text when there is one, and a DSTU2 family array", () => {
    expect(humanName([{ text: "Max Mustermann", family: "X" }])).toBe("Max Mustermann");
    expect(humanName([{ given: ["Erika"], family: ["Muster", "Frau"] }])).toBe("Erika Muster Frau");
  });

  it("answers undefined without a usable name", () => {
    expect(humanName(undefined)).toBeUndefined();
    expect(humanName([{}])).toBeUndefined();
  });
});

describe("encounterLabel", () => {
  it("describes class, type, period and status", () => {
    expect(
      encounterLabel({
        id: "enc-1",
        status: "finished",
        class: { code: "AMB", display: "ambulatory" },
        type: [{ coding: [{ display: "Check-up" }] }],
        period: { start: "2024-02-01T09:00:00Z", end: "2024-02-01T09:30:00Z" },
      }),
    ).toBe("ambulatory · Check-up · 2024-02-01T09:00:00Z – 2024-02-01T09:30:00Z (finished)");
  });

  it("falls back to the reference", () => {
    expect(encounterLabel({ id: "enc-2" })).toBe("Encounter/enc-2");
  });
});
