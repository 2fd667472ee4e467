import { describe, expect, test } from "vitest";
import type { ExplainableEvent } from "./explain.js";
import { summarizeEvent } from "./summary.js";

const success = (type: string, details: Record<string, unknown>): ExplainableEvent => ({
  type,
  outcome: "SUCCESS",
  errorCode: null,
  errorDescription: null,
  details,
});

describe("summarizeEvent", () => {
  test("smart.launch: launch type, FHIR server and a simulated error", () => {
    expect(
      summarizeEvent(
        success("smart.launch", {
          launchType: "EHR_PROVIDER",
          fhirBaseUrl: "http://localhost:4100/fhir/r4",
          simulatedError: "request_invalid_token",
        }),
      ),
    ).toBe(
      "The broker resolved an EHR launch as a provider for the FHIR server http://localhost:4100/fhir/r4. " +
        "The launch asks to simulate request_invalid_token (FHIR request: invalid access token).",
    );
    expect(summarizeEvent(success("smart.launch", { launchType: "STANDALONE_PATIENT" }))).toBe(
      "The broker resolved a standalone launch as a patient.",
    );
  });

  test("smart.context: patient, encounter, fhirUser and the banner", () => {
    expect(
      summarizeEvent(
        success("smart.context", {
          patient: "pat-1",
          encounter: "enc-1",
          fhirUser: "Practitioner/prac-1",
          needPatientBanner: false,
        }),
      ),
    ).toMatch(
      /^The app was granted the launch context: patient pat-1, encounter enc-1, fhirUser Practitioner\/prac-1\. The EHR shows the patient already/,
    );
    expect(summarizeEvent(success("smart.context", { needPatientBanner: true }))).toMatch(
      /no patient\. The app must show a patient banner/,
    );
  });

  test("other steps and failures have no summary", () => {
    expect(summarizeEvent(success("code.issued", {}))).toBeNull();
    expect(
      summarizeEvent({
        ...success("smart.launch", {}),
        outcome: "FAILURE",
        errorCode: "invalid_request",
      }),
    ).toBeNull();
  });
});
