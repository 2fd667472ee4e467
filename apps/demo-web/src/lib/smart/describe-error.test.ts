import { describe, expect, it } from "vitest";
import { describeSmartError, oauthRedirectError, operationOutcomeLines } from "./describe-error";

/** What fhirclient's HttpError looks like after parse(): status, and the body in the message. */
function httpError(status: number, message: string) {
  return Object.assign(new Error(message), { name: "HttpError", status, statusCode: status });
}

describe("oauthRedirectError", () => {
  it("reads error, error_description and error_uri from the redirect", () => {
    expect(
      oauthRedirectError(
        "?error=access_denied&error_description=The+user+denied+access&state=abc&error_uri=https%3A%2F%2Fx.example",
      ),
    ).toEqual({
      step: "redirect",
      title: "The authorization server refused the request",
      summary: "The user denied access",
      oauthError: "access_denied",
      details: ["More information: https://x.example"],
    });
  });

  it("falls back to the code and answers undefined without an error", () => {
    expect(oauthRedirectError("?error=invalid_scope")?.summary).toBe("invalid_scope");
    expect(oauthRedirectError("?code=abc&state=xyz")).toBeUndefined();
  });
});

describe("describeSmartError", () => {
  it("reads a token endpoint error", () => {
    const error = httpError(
      400,
      "400 Bad Request\nURL: http://localhost:4000/connect/token\ninvalid_grant: grant request is invalid",
    );
    expect(describeSmartError("token", error)).toEqual({
      step: "token",
      title: "The authorization could not be completed",
      status: 400,
      url: "http://localhost:4000/connect/token",
      summary: "grant request is invalid",
      oauthError: "invalid_grant",
      details: [],
    });
  });

  it("reads a FHIR OperationOutcome and fhirclient's advice after it", () => {
    const outcome = {
      resourceType: "OperationOutcome",
      issue: [
        {
          severity: "error",
          code: "forbidden",
          diagnostics: "Patient/B is outside the token's patient compartment",
        },
        { severity: "information", code: "informational", details: { text: "scope patient/*.rs" } },
      ],
    };
    const message = `403 Forbidden\nURL: http://localhost:4100/fhir/r4/Patient/B\n\n${JSON.stringify(outcome, null, 4)}`;
    expect(describeSmartError("fhir", httpError(403, message))).toEqual({
      step: "fhir",
      title: "The FHIR server refused the request",
      status: 403,
      url: "http://localhost:4100/fhir/r4/Patient/B",
      summary: "Patient/B is outside the token's patient compartment (error, forbidden)",
      details: ["scope patient/*.rs (information, informational)"],
    });

    const expired = `401 Unauthorized\nURL: http://localhost:4100/fhir/r4/Patient/A\n\n${JSON.stringify(
      {
        resourceType: "OperationOutcome",
        issue: [{ code: "login", details: { text: "The access token has expired" } }],
      },
    )}\nSession expired! Please re-launch the app`;
    expect(describeSmartError("fhir", httpError(401, expired))).toMatchObject({
      status: 401,
      summary: "The access token has expired",
      details: ["Session expired! Please re-launch the app"],
    });
  });

  it("shows another JSON body as it is", () => {
    const error = httpError(500, '500 Internal Server Error\nURL: http://x\n\n{"oops":true}');
    expect(describeSmartError("fhir", error)).toMatchObject({
      summary: "500 Internal Server Error",
      details: ['{"oops":true}'],
    });
  });

  it("recognises the OAuth error that fhirclient's ready() throws for an error redirect", () => {
    expect(describeSmartError("token", new Error("access_denied: The user said no"))).toMatchObject(
      {
        title: "The authorization server refused the request",
        oauthError: "access_denied",
        summary: "The user said no",
      },
    );
  });

  it("explains a fetch that got no answer", () => {
    const described = describeSmartError("launch", new TypeError("Failed to fetch"));
    expect(described.summary).toBe("Failed to fetch");
    expect(described.details[0]).toMatch(/CORS/);
  });

  it("keeps fhirclient's own messages", () => {
    expect(
      describeSmartError("token", new Error("No state found! Please (re)launch the app.")),
    ).toEqual({
      step: "token",
      title: "The authorization could not be completed",
      summary: "No state found! Please (re)launch the app.",
      details: [],
    });
  });
});

describe("operationOutcomeLines", () => {
  it("answers undefined for anything else", () => {
    expect(operationOutcomeLines({ resourceType: "Patient" })).toBeUndefined();
    expect(operationOutcomeLines(null)).toBeUndefined();
  });
});
