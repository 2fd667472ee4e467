import { describe, expect, it } from "vitest";
import { bearerToken, readNotification } from "./notification";

const token = "n0t1f1cat10n-t0ken_abc";
const body = JSON.stringify({ auth_req_id: "req-123" });

describe("bearerToken", () => {
  it.each([
    [`Bearer ${token}`, token],
    [`bearer ${token}`, token],
    ["Bearer abc+/def==", "abc+/def=="],
  ])("reads %j", (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });

  it.each([null, "", "Bearer", "Bearer ", `Basic ${token}`, "Bearer a b", 'Bearer a"b'])(
    "finds none in %j",
    (header) => {
      expect(bearerToken(header)).toBeUndefined();
    },
  );
});

describe("readNotification", () => {
  it("reads the bearer token and the auth_req_id", () => {
    expect(readNotification(`Bearer ${token}`, body)).toEqual({
      ok: true,
      token,
      authReqId: "req-123",
    });
  });

  it("refuses a notification without a bearer token with 401, before reading the body", () => {
    expect(readNotification(null, "not json")).toEqual({
      ok: false,
      status: 401,
      error: "invalid_token",
    });
  });

  it.each([
    "not json",
    "[]",
    "null",
    "{}",
    JSON.stringify({ auth_req_id: "" }),
    JSON.stringify({ auth_req_id: 42 }),
  ])("refuses the body %j with 400", (badBody) => {
    expect(readNotification(`Bearer ${token}`, badBody)).toEqual({
      ok: false,
      status: 400,
      error: "invalid_request",
    });
  });
});
