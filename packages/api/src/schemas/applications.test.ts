import { describe, expect, test } from "vitest";
import { applicationSettingsSchema, settingsOf } from "./applications.js";

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
  });
});
