import { describe, expect, test } from "vitest";
import {
  createSmartLaunchInput,
  smartDefaults,
  smartResourceScopeProblem,
  smartSettingsSchema,
  smartUrlProblem,
} from "./smart.js";

const enabled = {
  ...smartDefaults,
  enabled: true,
  launchUrl: "https://app.example/launch",
  fhirBaseUrl: "https://fhir.example/r4",
};

const messagesAt = (
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  path: string,
) =>
  (result.error?.issues ?? [])
    .filter((issue) => issue.path.join(".") === path)
    .map((issue) => issue.message);

describe("smartUrlProblem", () => {
  test.each([
    "https://app.example/launch",
    "https://app.example/launch?tenant=1",
    "http://localhost:3001/smart/launch",
    "http://127.0.0.1:8080/launch",
  ])("accepts %s as a launch URL", (url) => {
    expect(smartUrlProblem(url, "launch")).toBeNull();
  });

  test.each([
    ["http://app.example/launch", /localhost/],
    ["https://app.example/launch#x", /fragment/],
    ["/launch", /absolute/],
    ["javascript:alert(1)", /https/],
    ["https://user:pw@app.example/launch", /user name/],
    [" https://app.example/launch", /spaces/],
  ])("refuses %s as a launch URL", (url, message) => {
    expect(smartUrlProblem(url, "launch")).toMatch(message);
  });

  test("a FHIR base has no query and no trailing slash (iss is compared exactly)", () => {
    expect(smartUrlProblem("http://localhost:4100/fhir/r4", "fhirBase")).toBeNull();
    expect(smartUrlProblem("https://fhir.example/r4/", "fhirBase")).toMatch(/trailing slash/);
    expect(smartUrlProblem("https://fhir.example/r4?x=1", "fhirBase")).toMatch(/query/);
  });
});

describe("smartResourceScopeProblem", () => {
  test.each([
    "patient/Observation.rs",
    "user/*.rs",
    "patient/*.read",
    "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
  ])("accepts %s", (scope) => {
    expect(smartResourceScopeProblem(scope)).toBeNull();
  });

  test("malformed syntax, system scopes and non-SMART scopes are refused with a reason", () => {
    expect(smartResourceScopeProblem("patient/Observation.sr")).toMatch(/syntax/);
    expect(smartResourceScopeProblem("system/Patient.rs")).toMatch(/backend services/);
    expect(smartResourceScopeProblem("openid")).toMatch(/patient\/ or user\//);
    expect(smartResourceScopeProblem("launch")).toMatch(/checkboxes/);
  });
});

describe("smartSettingsSchema", () => {
  test("off: empty URLs are fine", () => {
    expect(smartSettingsSchema.safeParse(smartDefaults).success).toBe(true);
  });

  test("on: launch URL and FHIR base are required", () => {
    const result = smartSettingsSchema.safeParse({ ...smartDefaults, enabled: true });
    expect(messagesAt(result, "launchUrl")).toEqual(["Enter the app's launch URL."]);
    expect(messagesAt(result, "fhirBaseUrl")).toEqual(["Enter the FHIR server's base URL."]);
  });

  test("a malformed resource scope is an error on its index", () => {
    const result = smartSettingsSchema.safeParse({
      ...enabled,
      resourceScopes: ["patient/*.rs", "patient/Observation.xyz", "patient/*.rs"],
    });
    expect(messagesAt(result, "resourceScopes.1")[0]).toMatch(/syntax/);
    expect(messagesAt(result, "resourceScopes.2")).toEqual(["Duplicate scope."]);
    expect(messagesAt(result, "resourceScopes.0")).toEqual([]);
  });

  test("system/ scopes are refused for now", () => {
    const result = smartSettingsSchema.safeParse({ ...enabled, resourceScopes: ["system/*.rs"] });
    expect(messagesAt(result, "resourceScopes.0")[0]).toMatch(/backend services/);
  });

  test("unknown launch scopes are refused", () => {
    expect(smartSettingsSchema.safeParse({ ...enabled, launchScopes: ["launch/x"] }).success).toBe(
      false,
    );
  });
});

describe("createSmartLaunchInput", () => {
  const base = { applicationId: "app_1" };

  test("an EHR launch needs a patient", () => {
    const result = createSmartLaunchInput.safeParse({ ...base, launchType: "EHR_PROVIDER" });
    expect(messagesAt(result, "patientId")).toEqual(["An EHR launch needs a patient."]);
  });

  test("ids must be FHIR ids", () => {
    const result = createSmartLaunchInput.safeParse({
      ...base,
      launchType: "EHR_PROVIDER",
      patientId: "../Patient/1",
      practitionerId: "a".repeat(65),
      encounterId: "enc 1",
    });
    expect(messagesAt(result, "patientId")[0]).toMatch(/FHIR Patient id/);
    expect(messagesAt(result, "practitionerId")[0]).toMatch(/FHIR Practitioner id/);
    expect(messagesAt(result, "encounterId")[0]).toMatch(/FHIR Encounter id/);
  });

  test("only known errors can be simulated, and only in an EHR launch", () => {
    const unknown = createSmartLaunchInput.safeParse({
      ...base,
      launchType: "EHR_PATIENT",
      patientId: "pat-1",
      simulatedError: "drop_tables",
    });
    expect(messagesAt(unknown, "simulatedError")).toEqual(["Choose one of the listed errors."]);
    const standalone = createSmartLaunchInput.safeParse({
      ...base,
      launchType: "STANDALONE_PATIENT",
      simulatedError: "request_invalid_token",
    });
    expect(messagesAt(standalone, "simulatedError")[0]).toMatch(
      /standalone launch carries no launch value/,
    );
  });

  test("a patient launch has no practitioner; a standalone launch no context", () => {
    expect(
      messagesAt(
        createSmartLaunchInput.safeParse({
          ...base,
          launchType: "EHR_PATIENT",
          patientId: "pat-1",
          practitionerId: "prac-1",
        }),
        "practitionerId",
      ),
    ).toHaveLength(1);
    expect(
      messagesAt(
        createSmartLaunchInput.safeParse({
          ...base,
          launchType: "STANDALONE_PROVIDER",
          patientId: "pat-1",
        }),
        "patientId",
      )[0],
    ).toMatch(/standalone/);
  });

  test("unknown launch types are refused; a valid EHR launch parses with the banner on", () => {
    expect(createSmartLaunchInput.safeParse({ ...base, launchType: "EHR" }).success).toBe(false);
    expect(
      createSmartLaunchInput.parse({
        ...base,
        launchType: "EHR_PROVIDER",
        patientId: "pat-1",
        practitionerId: "prac-1",
        encounterId: "enc.1",
      }),
    ).toMatchObject({ needPatientBanner: true, patientId: "pat-1" });
  });
});
