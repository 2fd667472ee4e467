import { describe, expect, test } from "vitest";
import { applicationDefaults, applicationSettingsSchema, settingsOf } from "./applications.js";
import { CIBA_GRANT_TYPE } from "./ciba.js";

describe("settingsOf", () => {
  test("carries every setting of a stored application, so a partial edit resets nothing", () => {
    const stored = {
      id: "app_1",
      clientId: "lotse_x",
      name: "Praxis",
      logoUri: null,
      type: "PUBLIC" as const,
      redirectUris: ["https://praxis.example/cb"],
      postLogoutRedirectUris: ["https://praxis.example/"],
      subMode: "UNIQUE" as const,
      allowedScopes: ["openid", "urn:telematik:email"],
      allowedGrantTypes: ["authorization_code"],
      allowedIdps: ["https://idp.nord.example"],
      accessTokenTtl: 600,
      idTokenTtl: 300,
      refreshTokenTtl: 86400,
      smartEnabled: true,
      smartLaunchUrl: "https://praxis.example/launch",
      smartFhirBaseUrl: "https://fhir.praxis.example/r4",
      smartScopes: ["launch", "fhirUser", "patient/Observation.rs", "user/*.read"],
      smartUserType: "PRACTITIONER" as const,
      cibaDeliveryMode: "POLL" as const,
      cibaNotificationEndpoint: null,
      cibaUserCodeRequired: false,
      platform: "NATIVE" as const,
      pkceRequired: true,
      standardClaims: true,
      tokenExchangeEnabled: true,
      tokenExchangeAudiences: ["https://api.praxis.example"],
      apiGrants: [
        {
          identifier: "https://api.praxis.example",
          name: "Praxis API",
          scopes: ["praxis.read"],
          tokenFormat: "JWT" as const,
        },
      ],
      enabled: true,
    };
    const settings = settingsOf(stored);
    // A new setting added to the schema but not to settingsOf fails here.
    expect(Object.keys(settings).sort()).toEqual(
      Object.keys(applicationSettingsSchema.shape).sort(),
    );
    expect(applicationSettingsSchema.parse(settings)).toEqual({ ...settings, logoUri: "" });
    expect(settings.allowedIdps).toEqual(["https://idp.nord.example"]);
    // Launch scopes are checkboxes, resource scopes a list (schemas/smart.ts).
    expect(settings.smart).toEqual({
      enabled: true,
      launchUrl: "https://praxis.example/launch",
      fhirBaseUrl: "https://fhir.praxis.example/r4",
      launchScopes: ["launch", "fhirUser"],
      resourceScopes: ["patient/Observation.rs", "user/*.read"],
      userType: "PRACTITIONER",
    });
    expect(settings.tokenExchange).toEqual({
      enabled: true,
      audiences: ["https://api.praxis.example"],
    });
    // Only what the form edits: the API's name and format are not settings of the app.
    expect(settings.apiGrants).toEqual([
      { identifier: "https://api.praxis.example", scopes: ["praxis.read"] },
    ]);
  });
});

describe("settingsOf with CIBA", () => {
  test("the CIBA grant becomes ciba.enabled, not an entry of the grant-type list", () => {
    const settings = settingsOf({
      ...applicationDefaults,
      name: "Help desk (ping)",
      logoUri: null,
      redirectUris: ["http://localhost:3001/helpdesk"],
      allowedGrantTypes: [CIBA_GRANT_TYPE],
      smartEnabled: false,
      smartLaunchUrl: null,
      smartFhirBaseUrl: null,
      smartScopes: [],
      smartUserType: "PATIENT",
      cibaDeliveryMode: "PING",
      cibaNotificationEndpoint: "http://localhost:3001/helpdesk/ciba/notify",
      cibaUserCodeRequired: true,
      tokenExchangeEnabled: false,
      tokenExchangeAudiences: [],
    });
    expect(settings.allowedGrantTypes).toEqual([]);
    expect(settings.ciba).toEqual({
      enabled: true,
      deliveryMode: "PING",
      notificationEndpoint: "http://localhost:3001/helpdesk/ciba/notify",
      userCodeRequired: true,
    });
    // A CIBA-only client (the seeded ping help desk) is valid without authorization_code.
    expect(applicationSettingsSchema.safeParse(settings).success).toBe(true);
  });
});
