import { describe, expect, it } from "vitest";
import { describeHelpdeskError } from "./describe-error";

describe("describeHelpdeskError", () => {
  it.each([
    ["access_denied", "The caller denied the request on their phone."],
    ["expired_token", "The request expired before the caller answered."],
    ["unknown_user_id", "The chosen insurer does not know this KVNR."],
  ])("explains %s", (code, message) => {
    expect(describeHelpdeskError(code)).toEqual({ code, message });
  });

  it("keeps the broker's description", () => {
    expect(describeHelpdeskError("invalid_request", "binding_message too long")).toEqual({
      code: "invalid_request",
      message: "The broker refused the request as malformed.",
      description: "binding_message too long",
    });
  });

  it("names an unknown code", () => {
    expect(describeHelpdeskError("something_new").message).toBe(
      "The broker answered something_new.",
    );
  });
});
