/**
 * The app-facing error for each way openid-client v6 reports an upstream failure, built
 * from the library's own error classes so a change in their shape shows up here.
 */
import * as client from "openid-client";
import { describe, expect, test } from "vitest";
import { fromUpstreamErrorResponse, fromUpstreamException } from "./upstream-error.js";

/** As openid-client builds it (its typings omit the `code` option of the constructor). */
function notConform(status: number) {
  const error = new client.ClientError("unexpected HTTP response status code", {
    cause: new Response("{}", { status }),
  });
  error.code = "OAUTH_RESPONSE_IS_NOT_CONFORM";
  return error;
}

function bodyError(status: number, error: string) {
  return new client.ResponseBodyError("server responded with an error in the response body", {
    cause: { error },
    response: new Response("{}", { status }),
  });
}

describe("fromUpstreamException", () => {
  test("a 5xx answer (the IDP is down) is temporarily_unavailable", () => {
    expect(fromUpstreamException(notConform(503)).error).toBe("temporarily_unavailable");
  });

  test("a network failure is temporarily_unavailable", () => {
    expect(fromUpstreamException(new TypeError("fetch failed")).error).toBe(
      "temporarily_unavailable",
    );
  });

  test("an OAuth error body saying temporarily_unavailable is passed on as such", () => {
    expect(fromUpstreamException(bodyError(400, "temporarily_unavailable")).error).toBe(
      "temporarily_unavailable",
    );
  });

  test("anything else the IDP got wrong is server_error", () => {
    expect(fromUpstreamException(notConform(302)).error).toBe("server_error");
    expect(fromUpstreamException(bodyError(400, "invalid_grant")).error).toBe("server_error");
    expect(fromUpstreamException(new Error("JWT signature verification failed")).error).toBe(
      "server_error",
    );
  });
});

describe("fromUpstreamErrorResponse", () => {
  test("access_denied stays access_denied", () => {
    expect(fromUpstreamErrorResponse("access_denied").error).toBe("access_denied");
  });
});
