import { describe, expect, test } from "vitest";
import {
  apiDefaults,
  apiGrantsSchema,
  apiIdentifierProblem,
  apiScopeProblem,
  apiSettingsSchema,
  type ApiSettings,
} from "./apis.js";

const api: ApiSettings = {
  ...apiDefaults,
  name: "User API",
  identifier: "https://api.praxis.example",
  scopes: ["user_api.full_access", "user_api:read"],
};

/** The messages of a refused parse, keyed by path as the portal's form reads them. */
function errorsOf(input: unknown): Record<string, string> {
  const result = apiSettingsSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(
    result.error.issues.map((issue) => [issue.path.map(String).join("."), issue.message]),
  );
}

describe("API settings", () => {
  test("a complete API is valid in both token formats", () => {
    expect(errorsOf(api)).toEqual({});
    expect(errorsOf({ ...api, tokenFormat: "OPAQUE" })).toEqual({});
    expect(errorsOf({ ...api, tokenFormat: "SAML" })).toHaveProperty("tokenFormat");
  });

  test.each([
    ["https://api.example.com", null],
    ["https://api.example.com/v1?x=1", null],
    ["http://localhost:4200/api", null],
    ["http://127.0.0.1/api", null],
    ["http://api.example.com", /localhost/],
    ["https://api.example.com/#top", /fragment/],
    ["api.example.com", /absolute/],
    ["urn:example:api", /https/],
    ["https://user:pw@api.example.com", /user name/],
    ["https://*.example.com", /Wildcards/],
    [" https://api.example.com", /spaces/],
    ["", /spaces/],
  ])("identifier %s", (identifier, expected) => {
    const problem = apiIdentifierProblem(identifier);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  test.each([
    ["user_api.full_access", null],
    ["a:b-c_d.e", null],
    ["x".repeat(64), null],
    ["x".repeat(65), /1 to 64/],
    ["has space", /1 to 64/],
    ["patient/Observation.rs", /1 to 64/],
    ["openid", /broker's own/],
    ["offline_access", /broker's own/],
    ["email", /broker's own/],
    ["profile", /broker's own/],
    ["urn:telematik:versicherter", /broker's own/],
    ["urn:telematik:anything", /broker's own/],
    ["fhirUser", /broker's own/],
    ["online_access", /broker's own/],
  ])("scope %s", (scope, expected) => {
    const problem = apiScopeProblem(scope);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  test("scopes: at least one, none twice, each message on its index", () => {
    expect(errorsOf({ ...api, scopes: [] })).toEqual({ scopes: "Add at least one scope." });
    expect(errorsOf({ ...api, scopes: ["a.read", "openid", "a.read"] })).toEqual({
      "scopes.1": "openid is one of the broker's own scopes; choose a name of your API's.",
      "scopes.2": "Duplicate scope.",
    });
  });

  test("the access token lives 60 seconds to one day", () => {
    expect(errorsOf({ ...api, accessTokenTtl: 60 })).toEqual({});
    expect(errorsOf({ ...api, accessTokenTtl: 86400 })).toEqual({});
    expect(errorsOf({ ...api, accessTokenTtl: 59 })).toHaveProperty("accessTokenTtl");
    expect(errorsOf({ ...api, accessTokenTtl: 86401 })).toHaveProperty("accessTokenTtl");
    expect(errorsOf({ ...api, accessTokenTtl: 300.5 })).toHaveProperty("accessTokenTtl");
  });

  test("a name is required", () => {
    expect(errorsOf({ ...api, name: "  " })).toEqual({ name: "Enter a name." });
  });
});

describe("API grants of an application", () => {
  test("one entry per API, each scope once", () => {
    const grant = { identifier: "https://api.praxis.example", scopes: ["a.read"] };
    expect(apiGrantsSchema.safeParse([grant]).success).toBe(true);
    expect(apiGrantsSchema.safeParse([grant, grant]).success).toBe(false);
    expect(apiGrantsSchema.safeParse([{ ...grant, scopes: ["a.read", "a.read"] }]).success).toBe(
      false,
    );
  });
});
