import { describe, expect, it } from "vitest";
import { parseSmartResourceScope, smartScopeCovers, smartScopesFor } from "./smart.js";

describe("parseSmartResourceScope", () => {
  it("reads v2 scopes with and without a granular restriction", () => {
    expect(parseSmartResourceScope("patient/Observation.rs")).toEqual({
      context: "patient",
      resourceType: "Observation",
      permissions: "rs",
      query: [],
      version: 2,
    });
    expect(
      parseSmartResourceScope(
        "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
      ),
    ).toMatchObject({
      query: [
        ["category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"],
      ],
    });
    expect(parseSmartResourceScope("user/*.cruds")).toMatchObject({
      resourceType: "*",
      permissions: "cruds",
    });
  });

  it("maps v1 actions to v2 permissions", () => {
    expect(parseSmartResourceScope("patient/*.read")).toMatchObject({
      permissions: "rs",
      version: 1,
    });
    expect(parseSmartResourceScope("user/Observation.write")).toMatchObject({ permissions: "cud" });
    expect(parseSmartResourceScope("system/Patient.*")).toMatchObject({ permissions: "cruds" });
  });

  it("tells other scopes from malformed resource scopes", () => {
    expect(parseSmartResourceScope("openid")).toBeUndefined();
    expect(parseSmartResourceScope("launch/patient")).toBeUndefined();
    for (const bad of [
      "patient/Observation.sr",
      "patient/Observation.rr",
      "patient/Observation.x",
      "patient/observation.rs",
      "patient/.rs",
      "patient/Observation",
      "patient/Observation.read?category=x",
      "patient/Observation.rs?",
      "patient/Observation.rs?category=",
      "patient/Observation.rs?=x",
      "patient/Observation.rs?category=%E0%A4%A",
    ]) {
      expect(parseSmartResourceScope(bad), bad).toBe("malformed");
    }
  });
});

describe("smartScopeCovers", () => {
  it("allows narrower requests and refuses wider ones", () => {
    expect(smartScopeCovers("patient/*.rs", "patient/Observation.rs")).toBe(true);
    expect(smartScopeCovers("patient/*.rs", "patient/Observation.r")).toBe(true);
    expect(smartScopeCovers("patient/*.read", "patient/Observation.rs")).toBe(true);
    expect(smartScopeCovers("patient/*.rs", "patient/Observation.rs?category=a|b")).toBe(true);
    expect(smartScopeCovers("patient/*.r", "patient/Observation.rs")).toBe(false);
    expect(smartScopeCovers("patient/*.rs", "user/Observation.rs")).toBe(false);
    expect(smartScopeCovers("patient/Condition.rs", "patient/Observation.rs")).toBe(false);
    expect(smartScopeCovers("patient/Observation.rs?category=a|b", "patient/Observation.rs")).toBe(
      false,
    );
    expect(smartScopeCovers("launch/patient", "launch/patient")).toBe(true);
    expect(smartScopeCovers("launch", "launch/patient")).toBe(false);
  });
});

describe("smartScopesFor", () => {
  it("finds the scopes that allow an interaction", () => {
    const granted = ["openid", "patient/Observation.s?category=a|b", "patient/Patient.r"];
    expect(smartScopesFor(granted, "Observation", "s")).toHaveLength(1);
    expect(smartScopesFor(granted, "Observation", "r")).toHaveLength(0);
    expect(smartScopesFor(granted, "Patient", "r")).toHaveLength(1);
    expect(smartScopesFor(["patient/*.read"], "Condition", "s")).toHaveLength(1);
  });
});
