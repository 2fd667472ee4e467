/**
 * The application settings of issue 13 (docs/portal.md): platform, PKCE, standard claims,
 * token exchange and API grants, as the schema checks them for the form and the API.
 */
import { describe, expect, test } from "vitest";
import { applicationDefaults, applicationSettingsSchema } from "./applications.js";
import { isPrivateUseUri, platformUriProblem } from "./platform.js";
import { tokenExchangeColumns } from "./token-exchange.js";

const app = {
  ...applicationDefaults,
  name: "Praxis",
  redirectUris: ["https://praxis.example/callback"],
};
const mobile = {
  ...app,
  type: "PUBLIC" as const,
  platform: "NATIVE" as const,
  redirectUris: ["https://praxis.example/app/ce", "de.praxis.app:/callback"],
};

function errorsOf(input: unknown): Record<string, string> {
  const result = applicationSettingsSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(
    result.error.issues.map((issue) => [issue.path.map(String).join("."), issue.message]),
  );
}

describe("platform", () => {
  test("new applications are web apps that require PKCE, without standard claims", () => {
    expect(applicationDefaults).toMatchObject({
      platform: "WEB",
      pkceRequired: true,
      standardClaims: false,
      tokenExchange: { enabled: false, audiences: [] },
      apiGrants: [],
    });
  });

  test("a native app may use App Links and private-use schemes", () => {
    expect(errorsOf(mobile)).toEqual({});
    // The published example clients register only an https App Link.
    expect(errorsOf({ ...mobile, redirectUris: ["https://praxis.example/app/ce"] })).toEqual({});
  });

  test("a private-use scheme needs Native, on the URI that has it", () => {
    for (const platform of ["WEB", "SPA"] as const) {
      const errors = errorsOf({ ...mobile, platform });
      expect(Object.keys(errors)).toEqual(["redirectUris.1"]);
      expect(errors["redirectUris.1"]).toMatch(/Native/);
    }
    expect(errorsOf({ ...app, postLogoutRedirectUris: ["de.praxis.app:/logout"] })).toHaveProperty([
      "postLogoutRedirectUris.0",
    ]);
  });

  test("a native app's https URI is not on the loopback host (oidc-provider refuses it)", () => {
    expect(errorsOf({ ...mobile, redirectUris: ["https://localhost/app/ce"] })).toHaveProperty([
      "redirectUris.0",
    ]);
    expect(errorsOf({ ...mobile, redirectUris: ["http://localhost:8081/app/ce"] })).toEqual({});
  });

  test("a single-page app must be public", () => {
    expect(errorsOf({ ...app, platform: "SPA" })).toEqual({
      platform: "A single-page app cannot keep a secret: register it as a public application.",
    });
    expect(errorsOf({ ...app, platform: "SPA", type: "PUBLIC" })).toEqual({});
  });

  test("every redirect URI rule still holds", () => {
    expect(errorsOf({ ...mobile, redirectUris: ["javascript:alert(1)"] })).toHaveProperty([
      "redirectUris.0",
    ]);
    expect(errorsOf({ ...mobile, redirectUris: ["myapp:/callback"] })).toHaveProperty([
      "redirectUris.0",
    ]);
    expect(errorsOf({ ...app, redirectUris: ["http://praxis.example/cb"] })).toHaveProperty([
      "redirectUris.0",
    ]);
  });

  test("helpers", () => {
    expect(isPrivateUseUri("de.x.app:/cb")).toBe(true);
    expect(isPrivateUseUri("HTTPS://x.example")).toBe(false);
    expect(platformUriProblem("WEB", "not a uri")).toBeNull();
  });
});

describe("PKCE", () => {
  test("a confidential application may turn it off", () => {
    expect(errorsOf({ ...app, pkceRequired: false })).toEqual({});
  });

  test("a public application cannot", () => {
    expect(errorsOf({ ...mobile, pkceRequired: false })).toEqual({
      pkceRequired: "Public applications always use PKCE.",
    });
  });
});

describe("standard claims", () => {
  test("email and profile are allowed only with standard claims on", () => {
    const scopes = ["openid", "email", "profile"];
    expect(errorsOf({ ...app, allowedScopes: scopes })).toEqual({
      allowedScopes: "email and profile need the standard OIDC claims switched on.",
    });
    expect(errorsOf({ ...app, allowedScopes: scopes, standardClaims: true })).toEqual({});
    expect(
      errorsOf({ ...app, allowedScopes: ["openid", "phone"], standardClaims: true }),
    ).toHaveProperty(["allowedScopes.1"]);
  });
});

describe("token exchange", () => {
  test("audiences are listed once each; kept only while the exchange is on", () => {
    expect(
      errorsOf({ ...app, tokenExchange: { enabled: true, audiences: ["a", "a"] } }),
    ).toHaveProperty(["tokenExchange.audiences"]);
    expect(tokenExchangeColumns({ enabled: false, audiences: ["a"] })).toEqual({
      tokenExchangeEnabled: false,
      tokenExchangeAudiences: [],
    });
    expect(tokenExchangeColumns({ enabled: true, audiences: ["a"] })).toEqual({
      tokenExchangeEnabled: true,
      tokenExchangeAudiences: ["a"],
    });
  });
});
