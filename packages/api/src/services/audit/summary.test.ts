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

  test("ciba.request: insurer, delivery mode, binding message and user code", () => {
    expect(
      summarizeEvent({
        ...success("ciba.request", { deliveryMode: "PING", bindingMessage: true, userCode: true }),
        upstreamIdp: "http://localhost:4100/idp/nord",
      }),
    ).toBe(
      "The app asked for a backchannel login (CIBA) at the insurer http://localhost:4100/idp/nord " +
        "in ping mode: the broker calls the app's notification endpoint once the person has answered. " +
        "The person's phone shows the app's binding message. The app sent the person's user code.",
    );
    expect(
      summarizeEvent(
        success("ciba.request", {
          deliveryMode: "POLL",
          insurer: "http://localhost:4100/idp/sued",
          bindingMessage: false,
        }),
      ),
    ).toBe(
      "The app asked for a backchannel login (CIBA) at the insurer http://localhost:4100/idp/sued " +
        "in poll mode: the app asks the token endpoint until the person has answered. " +
        "The app sent no binding message, so the phone shows only the app's name.",
    );
    expect(summarizeEvent(success("ciba.request", {}))).toBe(
      "The app asked for a backchannel login (CIBA).",
    );
  });

  test("ciba.approved: the person's answer and the released claims", () => {
    expect(
      summarizeEvent(
        success("ciba.approved", {
          released_claims: ["urn:telematik:claims:display_name", "urn:telematik:claims:email"],
        }),
      ),
    ).toBe(
      "The person approved the request on their phone; the app's next token request with the " +
        "auth_req_id receives the tokens. The insurer released: " +
        "urn:telematik:claims:display_name, urn:telematik:claims:email.",
    );
    expect(summarizeEvent(success("ciba.approved", {}))).toMatch(/receives the tokens\.$/);
  });

  test("other steps and failures have no summary", () => {
    expect(summarizeEvent(success("code.issued", {}))).toBeNull();
    expect(
      summarizeEvent({
        ...success("ciba.poll", {}),
        outcome: "FAILURE",
        errorCode: "authorization_pending",
      }),
    ).toBeNull();
    expect(
      summarizeEvent({
        ...success("smart.launch", {}),
        outcome: "FAILURE",
        errorCode: "invalid_request",
      }),
    ).toBeNull();
  });
});
