import { describe, expect, it } from "vitest";
import { grantedScopes, launchContextOf, showsPatientBanner } from "./launch-context";

describe("launchContextOf", () => {
  it("reads the SMART context fields of a token response", () => {
    const context = launchContextOf({
      access_token: "at",
      refresh_token: "rt",
      scope: "launch openid patient/*.rs",
      patient: "pat-1",
      encounter: "enc-1",
      fhirContext: [{ reference: "Encounter/enc-1" }],
      need_patient_banner: false,
      smart_style_url: "http://localhost:4000/smart-style.json",
    });
    expect(context).toEqual({
      scope: "launch openid patient/*.rs",
      patient: "pat-1",
      encounter: "enc-1",
      fhirContext: [{ reference: "Encounter/enc-1" }],
      needPatientBanner: false,
      smartStyleUrl: "http://localhost:4000/smart-style.json",
      hasRefreshToken: true,
    });
    expect(grantedScopes(context)).toEqual(["launch", "openid", "patient/*.rs"]);
  });

  it("leaves out what is missing or of the wrong type", () => {
    expect(
      launchContextOf({ patient: 7, need_patient_banner: "false", fhirContext: "x", scope: "" }),
    ).toEqual({
      scope: undefined,
      patient: undefined,
      encounter: undefined,
      fhirContext: undefined,
      needPatientBanner: undefined,
      smartStyleUrl: undefined,
      hasRefreshToken: false,
    });
    expect(launchContextOf(undefined).patient).toBeUndefined();
  });
});

describe("showsPatientBanner", () => {
  it("shows the banner unless need_patient_banner is false", () => {
    expect(showsPatientBanner(launchContextOf({ patient: "p" }))).toBe(true);
    expect(showsPatientBanner(launchContextOf({ patient: "p", need_patient_banner: true }))).toBe(
      true,
    );
    expect(showsPatientBanner(launchContextOf({ patient: "p", need_patient_banner: false }))).toBe(
      false,
    );
  });

  it("has no banner without a patient in context", () => {
    expect(showsPatientBanner(launchContextOf({}))).toBe(false);
  });
});
