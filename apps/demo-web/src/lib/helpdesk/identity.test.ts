import { describe, expect, it } from "vitest";
import { identityFromClaims, maskKvnrForAgent, type ExpectedCaller } from "./identity";

const expected: ExpectedCaller = {
  kvnr: "X110411675",
  insurer: { issuer: "http://localhost:4100/idp/nord", organizationName: "Sandbox Kasse Nord" },
};

const claims = {
  iss: "http://localhost:4000",
  sub: "pairwise-sub",
  aud: "demo-web",
  acr: "gematik-ehealth-loa-high",
  auth_time: 1_764_755_100,
  "urn:telematik:claims:id": "X110411675",
  "urn:telematik:claims:display_name": "Erika Mustermann",
};

describe("maskKvnrForAgent", () => {
  it("shows only the last 4 characters", () => {
    expect(maskKvnrForAgent("X110411675")).toBe("••••••1675");
  });

  it("hides nothing it cannot", () => {
    expect(maskKvnrForAgent("A12")).toBe("A12");
  });
});

describe("identityFromClaims", () => {
  it("reads name, masked KVNR, insurer, acr and auth_time", () => {
    expect(identityFromClaims(claims, expected)).toEqual({
      ok: true,
      identity: {
        displayName: "Erika Mustermann",
        kvnrMasked: "••••••1675",
        insurer: "Sandbox Kasse Nord",
        insurerIssuer: "http://localhost:4100/idp/nord",
        acr: "gematik-ehealth-loa-high",
        authTime: "2025-12-03T09:45:00Z",
      },
    });
  });

  it("never carries the full KVNR", () => {
    expect(JSON.stringify(identityFromClaims(claims, expected))).not.toContain("X110411675");
  });

  it("tolerates a missing name, acr and auth_time", () => {
    const result = identityFromClaims(
      { "urn:telematik:claims:id": "X110411675", "ext-original-iss": expected.insurer.issuer },
      expected,
    );
    expect(result).toMatchObject({
      ok: true,
      identity: { displayName: null, acr: null, authTime: null },
    });
  });

  it("refuses a token for another person than the one asked for", () => {
    const result = identityFromClaims(
      { ...claims, "urn:telematik:claims:id": "X110412020" },
      expected,
    );
    expect(result).toMatchObject({ ok: false, error: { code: "kvnr_mismatch" } });
  });

  it("refuses a token without a KVNR", () => {
    const { "urn:telematik:claims:id": _kvnr, ...withoutKvnr } = claims;
    expect(identityFromClaims(withoutKvnr, expected)).toMatchObject({
      ok: false,
      error: { code: "kvnr_missing" },
    });
  });

  it("refuses a token from another insurer than the one chosen", () => {
    const result = identityFromClaims(
      { ...claims, "ext-original-iss": "http://localhost:4100/idp/sued" },
      expected,
    );
    expect(result).toMatchObject({ ok: false, error: { code: "insurer_mismatch" } });
  });
});
