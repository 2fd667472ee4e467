import { describe, expect, test } from "vitest";
import { bearerChallenge, readBearerToken } from "./bearer.js";
import { LotseAccessTokenError } from "./errors.js";

function codeOf(header: string | null | undefined): string | undefined {
  try {
    readBearerToken(header);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(LotseAccessTokenError);
    return (error as LotseAccessTokenError).code;
  }
}

describe("readBearerToken (RFC 6750 §2.1)", () => {
  test.each([
    ["Bearer eyJ.eyJ.sig", "eyJ.eyJ.sig"],
    ["bearer abc", "abc"],
    ["BEARER  abc", "abc"],
    ["Bearer a-b_c.d~e+f/g==", "a-b_c.d~e+f/g=="],
  ])("%j → %j", (header, token) => {
    expect(readBearerToken(header)).toBe(token);
  });

  test.each([
    undefined,
    null,
    "",
    "   ",
    "Basic ZGVtbzpzZWNyZXQ=",
    "DPoP eyJ.eyJ.sig",
    "Bearerabc",
  ])("%j: missing_token (401, no error code)", (header) => {
    expect(codeOf(header)).toBe("missing_token");
  });

  test.each([
    "Bearer",
    "Bearer ",
    "Bearer a b",
    "Bearer a,b",
    "Bearer\tabc",
    "Bearer a=b",
    'Bearer "abc"',
    `Bearer ${"a".repeat(8192)}`,
  ])("%j: invalid_request (400)", (header) => {
    expect(codeOf(header)).toBe("invalid_request");
  });
});

describe("bearerChallenge (RFC 6750 §3)", () => {
  test("no error code when the request had no token", () => {
    const error = new LotseAccessTokenError("missing_token", "An access token is required.");
    expect(error.status).toBe(401);
    expect(bearerChallenge(error)).toBe("Bearer");
    expect(bearerChallenge(error, { realm: "demo-web" })).toBe('Bearer realm="demo-web"');
  });

  test("invalid_token with its description", () => {
    const error = new LotseAccessTokenError("invalid_token", "The access token has expired.");
    expect(bearerChallenge(error, { realm: "demo-web" })).toBe(
      'Bearer realm="demo-web", error="invalid_token", error_description="The access token has expired."',
    );
  });

  test("insufficient_scope names every required scope", () => {
    const error = new LotseAccessTokenError("insufficient_scope", "Lacks demo_api.write.", {
      requiredScopes: ["demo_api.read", "demo_api.write"],
      missingScopes: ["demo_api.write"],
    });
    expect(error.status).toBe(403);
    expect(bearerChallenge(error)).toBe(
      'Bearer error="insufficient_scope", error_description="Lacks demo_api.write.", scope="demo_api.read demo_api.write"',
    );
  });

  test("drops characters a quoted attribute may not hold", () => {
    const error = new LotseAccessTokenError("invalid_request", 'say "hi"\\\n');
    expect(bearerChallenge(error)).toBe(
      'Bearer error="invalid_request", error_description="say hi"',
    );
  });
});
