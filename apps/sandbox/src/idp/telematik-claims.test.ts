import { describe, expect, test } from "vitest";
import { TEST_PERSONS } from "../identities/test-persons.js";
import { IDPS } from "./idp-registry.js";
import { localeFrom } from "./login-texts.js";
import { ageOn, releasedClaims, telematikClaims } from "./telematik-claims.js";

describe("telematik claims", () => {
  test("age counts completed years", () => {
    expect(ageOn("1985-04-12", new Date("2025-04-11T12:00:00Z"))).toBe(39);
    expect(ageOn("1985-04-12", new Date("2025-04-12T00:00:00Z"))).toBe(40);
  });

  test("only granted scopes release claims, minus rejected ones", () => {
    const all = telematikClaims(TEST_PERSONS[0]!, IDPS[0]!, new Date("2025-01-01T00:00:00Z"));
    expect(all["urn:telematik:claims:alter"]).toBe("39");
    expect(
      releasedClaims(
        all,
        ["openid", "urn:telematik:versicherter", "urn:telematik:email"],
        ["urn:telematik:claims:profession"],
      ),
    ).toEqual({
      "urn:telematik:claims:id": "X110411675",
      "urn:telematik:claims:organization_ir_id": "109990001",
      "urn:telematik:claims:email": "anna.beispiel@example.org",
    });
  });
});

describe("ui_locales", () => {
  test("picks the first supported language, German otherwise", () => {
    expect(localeFrom(undefined)).toBe("de");
    expect(localeFrom("fr en-GB")).toBe("en");
    expect(localeFrom("de-AT en")).toBe("de");
    expect(localeFrom("fr")).toBe("de");
  });
});
