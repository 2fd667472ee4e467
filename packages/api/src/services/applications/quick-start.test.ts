/** The quick-start snippets: the app's real settings in every one, never a secret. */
import { describe, expect, test } from "vitest";
import { buildQuickStart, SECRET_PLACEHOLDER, type QuickStartInput } from "./quick-start.js";

const confidential: QuickStartInput = {
  issuer: "https://broker.example/",
  clientId: "lotse_AbCdEfGhIjKlMnOpQrStU",
  type: "CONFIDENTIAL",
  redirectUris: ["https://kc.example/realms/praxis/broker/lotse-kasse/endpoint"],
  allowedScopes: ["openid", "urn:telematik:versicherter"],
};
const publicApp: QuickStartInput = {
  ...confidential,
  type: "PUBLIC",
  redirectUris: ["de.example.app:/callback"],
};
const discovery = "https://broker.example/.well-known/openid-configuration";
const textOf = (snippet: { files: { code: string }[] }) =>
  snippet.files.map((file) => file.code).join("\n");
// A client secret is 32 random bytes in base64url: 43 characters (client-secret.ts).
const secretLike = /(?<![\w-])[\w-]{43}(?![\w-])/;

describe.each([
  ["confidential", confidential],
  ["public", publicApp],
])("a %s application", (_, input) => {
  const quickStart = buildQuickStart(input);

  test("offers every library, each with the discovery URL and the client id", () => {
    expect(quickStart.snippets.map((snippet) => snippet.id)).toEqual([
      "next-auth",
      "openid-client",
      "oidc-client-ts",
      "appauth-android",
      "appauth-ios",
      "keycloak",
    ]);
    expect(quickStart.discoveryUrl).toBe(discovery);
    for (const snippet of quickStart.snippets) {
      expect(textOf(snippet), snippet.id).toContain(discovery);
      expect(textOf(snippet), snippet.id).toContain(input.clientId);
    }
  });

  test("contains nothing that looks like a secret", () => {
    for (const snippet of quickStart.snippets) {
      expect(textOf(snippet), snippet.id).not.toMatch(secretLike);
    }
  });

  test("uses the first redirect URI and the allowed scopes", () => {
    const openidClient = textOf(quickStart.snippets.find((s) => s.id === "openid-client")!);
    expect(openidClient).toContain(JSON.stringify(input.redirectUris[0]));
    expect(openidClient).toContain('"openid urn:telematik:versicherter"');
  });
});

test("confidential: server libraries use the secret placeholder and basic auth", () => {
  const snippets = buildQuickStart(confidential).snippets;
  const byId = (id: string) => textOf(snippets.find((snippet) => snippet.id === id)!);
  expect(byId("next-auth")).toContain(SECRET_PLACEHOLDER);
  expect(byId("openid-client")).toContain("client.ClientSecretBasic(");
  expect(byId("keycloak")).toContain(`Client Secret:           ${SECRET_PLACEHOLDER}`);
  expect(byId("keycloak")).toContain("Client secret sent as basic auth");
  // The alias comes from Keycloak's broker endpoint registered as redirect URI.
  expect(byId("keycloak")).toContain("Alias:                   lotse-kasse");
});

test("public: no client authentication, PKCE, and the native redirect scheme", () => {
  const snippets = buildQuickStart(publicApp).snippets;
  const byId = (id: string) => textOf(snippets.find((snippet) => snippet.id === id)!);
  expect(byId("next-auth")).toContain('token_endpoint_auth_method: "none"');
  expect(byId("next-auth")).not.toContain(SECRET_PLACEHOLDER);
  expect(byId("openid-client")).toContain("client.None()");
  expect(byId("openid-client")).toContain('code_challenge_method: "S256"');
  expect(byId("appauth-android")).toContain('appAuthRedirectScheme: "de.example.app"');
  expect(snippets.find((snippet) => snippet.id === "keycloak")!.note).toContain("confidential");
});

describe("backchannel login (CIBA)", () => {
  const withCiba: QuickStartInput = {
    ...confidential,
    allowedGrantTypes: ["authorization_code", "urn:openid:params:grant-type:ciba"],
    cibaDeliveryMode: "PING",
  };

  test("names the backchannel endpoint under the issuer and the delivery mode", () => {
    expect(buildQuickStart(withCiba).ciba).toEqual({
      endpoint: "https://broker.example/connect/ciba",
      deliveryMode: "PING",
    });
  });

  test("is absent without the CIBA grant, and for a public application", () => {
    expect(buildQuickStart(confidential).ciba).toBeNull();
    expect(buildQuickStart({ ...withCiba, type: "PUBLIC" }).ciba).toBeNull();
  });
});

describe("APIs in the quick start", () => {
  test("lists the APIs with granted scopes, and none without", () => {
    expect(buildQuickStart(confidential).apis).toEqual([]);
    const quickStart = buildQuickStart({
      ...confidential,
      apiGrants: [
        {
          identifier: "https://api.praxis.example",
          scopes: ["user_api.full_access"],
          tokenFormat: "JWT",
        },
        { identifier: "https://empty.praxis.example", scopes: [], tokenFormat: "OPAQUE" },
      ],
    });
    expect(quickStart.apis).toEqual([
      {
        identifier: "https://api.praxis.example",
        scopes: ["user_api.full_access"],
        tokenFormat: "JWT",
      },
    ]);
  });
});
