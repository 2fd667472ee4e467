import { describe, expect, test } from "vitest";
import { explainEvent, type ExplainableEvent } from "./explain.js";

const failure = (overrides: Partial<ExplainableEvent>): ExplainableEvent => ({
  type: "authorize.rejected",
  outcome: "FAILURE",
  errorCode: null,
  errorDescription: null,
  details: {},
  ...overrides,
});

describe("explainEvent", () => {
  test("a success needs no explanation", () => {
    expect(explainEvent({ ...failure({}), outcome: "SUCCESS" })).toBeNull();
  });

  test("redirect_uri mismatch shows registered and sent", () => {
    const explanation = explainEvent(
      failure({
        errorCode: "invalid_redirect_uri",
        details: { redirect_uri: "https://app.example/cb/" },
      }),
      { registeredRedirectUris: ["https://app.example/cb"] },
    );
    expect(explanation?.title).toMatch(/redirect_uri/);
    expect(explanation?.registered).toEqual(["https://app.example/cb"]);
    expect(explanation?.sent).toBe("https://app.example/cb/");
  });

  test("redirect_uri mismatch without context omits the lists", () => {
    const explanation = explainEvent(
      failure({ errorCode: "invalid_request", errorDescription: "redirect_uri mismatch" }),
    );
    expect(explanation?.title).toMatch(/redirect_uri/);
    expect(explanation).not.toHaveProperty("registered");
    expect(explanation).not.toHaveProperty("sent");
  });

  test.each([
    ["invalid_client", /secret/i],
    ["access_denied", /cancel/i],
    ["temporarily_unavailable", /insurer/i],
    ["invalid_scope", /scope/i],
    ["invalid_grant", /code/i],
    ["server_error", /Lotse/],
  ])("%s has a cause and a fix", (errorCode, pattern) => {
    const explanation = explainEvent(failure({ errorCode }));
    expect(`${explanation?.title} ${explanation?.cause}`).toMatch(pattern);
    expect(explanation?.fix.length).toBeGreaterThan(10);
  });

  test("PKCE: a missing challenge and a failed verification differ", () => {
    const missing = explainEvent(
      failure({ errorCode: "invalid_request", errorDescription: "PKCE must be used" }),
    );
    const failed = explainEvent(
      failure({
        type: "token.rejected",
        errorCode: "invalid_grant",
        errorDescription: "PKCE verification failed",
      }),
    );
    expect(missing?.title).toBe("PKCE missing or malformed");
    expect(failed?.title).toBe("PKCE verification failed");
  });

  test("an unknown error code has no explanation", () => {
    expect(explainEvent(failure({ errorCode: "something_new" }))).toBeNull();
  });
});

describe("explainEvent, SMART steps", () => {
  test("a failed smart.launch and smart.context are explained by their type", () => {
    expect(
      explainEvent(failure({ type: "smart.launch", errorCode: "invalid_request" }))?.title,
    ).toBe("SMART launch not resolved");
    expect(
      explainEvent(failure({ type: "smart.context", errorCode: "invalid_request" }))?.title,
    ).toBe("SMART context not granted");
  });

  test("a failure after a launch with a simulated error is marked as intended", () => {
    const explanation = explainEvent(
      failure({ type: "authorize.rejected", errorCode: "invalid_client" }),
      { simulatedError: "auth_invalid_client_id" },
    );
    expect(explanation?.title).toBe("Simulated error: Authorize: invalid client id");
    expect(explanation?.cause).toMatch(/intended\. Outside a simulation: The client_id is unknown/);
    expect(explanation?.fix).toMatch(/without a simulated error/);
  });

  test("a simulated error changes nothing for successes", () => {
    expect(
      explainEvent(
        { ...failure({}), outcome: "SUCCESS" },
        { simulatedError: "auth_invalid_scope" },
      ),
    ).toBeNull();
  });
});

describe("explainEvent, backchannel login (CIBA)", () => {
  test.each([
    ["authorization_pending", "Waiting for the person (normal)", /expected/],
    ["slow_down", "Polling too fast", /5 seconds/],
    ["expired_token", "The request expired", /expires_in/],
    ["access_denied", "The person denied the request", /declined/],
  ])("ciba.poll %s", (errorCode, title, cause) => {
    const explanation = explainEvent(failure({ type: "ciba.poll", errorCode }));
    expect(explanation?.title).toBe(title);
    expect(explanation?.cause).toMatch(cause);
    expect(explanation?.fix.length).toBeGreaterThan(10);
  });

  test("ciba.denied is the person's answer, not a configuration problem", () => {
    const explanation = explainEvent(failure({ type: "ciba.denied", errorCode: "access_denied" }));
    expect(explanation?.title).toBe("The person denied the request");
    expect(explanation?.cause).toMatch(/not a configuration problem/);
    expect(explanation?.fix).toMatch(/binding message/);
  });

  test.each([
    ["unknown_user_id", /KVNR/],
    ["invalid_user_code", /user_code/],
    ["missing_user_code", /user_code/],
    ["invalid_binding_message", /64 characters/],
  ])("ciba.request refused by the insurer: %s", (errorCode, cause) => {
    expect(explainEvent(failure({ type: "ciba.request", errorCode }))?.cause).toMatch(cause);
  });

  test("ciba.approved that could not be finished", () => {
    expect(
      explainEvent(failure({ type: "ciba.approved", errorCode: "transaction_failed" }))?.title,
    ).toBe("Approved, but the login could not be finished");
  });

  test("other CIBA failures fall back to the OAuth explanations", () => {
    expect(
      explainEvent(failure({ type: "ciba.request", errorCode: "temporarily_unavailable" }))?.title,
    ).toBe("The insurer's identity provider is unavailable");
    expect(explainEvent(failure({ type: "ciba.poll", errorCode: "invalid_client" }))?.title).toBe(
      "Client authentication failed",
    );
  });
});
