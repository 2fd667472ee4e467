import { describe, expect, test } from "vitest";
import {
  isTelematikScope,
  TELEMATIK_CLAIMS,
  TELEMATIK_SCOPE_CLAIMS,
  TELEMATIK_SCOPES,
} from "./telematik.js";

describe("telematik scopes and claims", () => {
  test("every scope releases claims, and every claim belongs to one scope", () => {
    expect(Object.keys(TELEMATIK_SCOPE_CLAIMS)).toEqual(TELEMATIK_SCOPES);
    expect(new Set(TELEMATIK_CLAIMS).size).toBe(TELEMATIK_CLAIMS.length);
    expect(TELEMATIK_SCOPE_CLAIMS["urn:telematik:versicherter"]).toContain(
      "urn:telematik:claims:id",
    );
  });

  test("recognises only the gematik scopes, not OIDC ones or inherited names", () => {
    expect(isTelematikScope("urn:telematik:email")).toBe(true);
    expect(isTelematikScope("openid")).toBe(false);
    expect(isTelematikScope("offline_access")).toBe(false);
    expect(isTelematikScope("toString")).toBe(false);
  });
});
