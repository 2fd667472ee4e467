import { describe, expect, it } from "vitest";
import { issProblem, smartLaunchScope } from "./launch-request";

describe("smartLaunchScope", () => {
  it("asks for the bare launch scope in an EHR launch", () => {
    const scopes = smartLaunchScope("?iss=http%3A%2F%2Ffhir.example&launch=abc").split(" ");
    expect(scopes[0]).toBe("launch");
    expect(scopes).toEqual(
      expect.arrayContaining(["openid", "fhirUser", "launch/patient", "offline_access"]),
    );
  });

  it("leaves it out of a standalone launch, keeping the context scopes", () => {
    const scopes = smartLaunchScope("?iss=http%3A%2F%2Ffhir.example").split(" ");
    expect(scopes).not.toContain("launch");
    expect(scopes).toEqual(
      expect.arrayContaining(["launch/patient", "launch/encounter", "patient/*.rs", "user/*.rs"]),
    );
  });

  it("treats an empty launch parameter as standalone", () => {
    expect(smartLaunchScope("?launch=").split(" ")).not.toContain("launch");
  });
});

describe("issProblem", () => {
  const trusted = "http://localhost:4100/fhir/r4";

  it("accepts the configured FHIR base, with or without a trailing slash", () => {
    expect(issProblem(trusted, trusted)).toBeUndefined();
    expect(issProblem(`${trusted}/`, trusted)).toBeUndefined();
  });

  it("refuses another server", () => {
    expect(issProblem("https://evil.example/fhir", trusted)).toBe(
      `This app only launches against ${trusted}, not against https://evil.example/fhir.`,
    );
  });

  it("explains a missing iss", () => {
    expect(issProblem(null, trusted)).toMatch(/no iss parameter/);
  });
});
