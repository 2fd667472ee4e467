import { describe, expect, test } from "vitest";
import { SubjectError, subjectFor } from "./subject.js";

const key = Buffer.alloc(32, 1);
const identity = { upstreamIssuer: "https://idp-a", upstreamSub: "u1", kvnr: "X110411675" };
const client = (
  lotseSubMode: "UNIQUE" | "PAIRWISE" | "PERSON",
  sector = "app-1",
  allowedScopes = ["openid", "urn:telematik:versicherter"],
  lotseOrganizationId = "org-1",
) => ({
  lotseSubMode,
  lotseSectorIdentifier: sector,
  lotseOrganizationId,
  allowedScopes,
});
const SCOPES = ["openid", "urn:telematik:versicherter"];

describe("subjectFor", () => {
  test("UNIQUE ignores the application (within its organisation); PAIRWISE depends on its sector", () => {
    expect(subjectFor(key, client("UNIQUE", "a"), identity)).toBe(
      subjectFor(key, client("UNIQUE", "b"), identity),
    );
    expect(subjectFor(key, client("PAIRWISE", "a"), identity)).not.toBe(
      subjectFor(key, client("PAIRWISE", "b"), identity),
    );
  });

  test("PERSON depends on the KVNR only", () => {
    expect(subjectFor(key, client("PERSON"), identity)).toBe(
      subjectFor(key, client("PERSON"), {
        ...identity,
        upstreamIssuer: "https://idp-b",
        upstreamSub: "zz",
      }),
    );
  });

  test("UNIQUE and PERSON are per organisation: two organisations cannot link their users", () => {
    for (const mode of ["UNIQUE", "PERSON"] as const) {
      // Same organisation, two applications (other sectors): the same sub, as before.
      expect(subjectFor(key, client(mode, "app-a", SCOPES, "org-1"), identity)).toBe(
        subjectFor(key, client(mode, "app-b", SCOPES, "org-1"), identity),
      );
      // Another organisation: another sub for the same upstream account or KVNR.
      expect(subjectFor(key, client(mode, "app-a", SCOPES, "org-1"), identity)).not.toBe(
        subjectFor(key, client(mode, "app-a", SCOPES, "org-2"), identity),
      );
    }
    // PERSON across insurers stays equal within the organisation only.
    const atOtherInsurer = { ...identity, upstreamIssuer: "https://idp-b", upstreamSub: "zz" };
    expect(subjectFor(key, client("PERSON", "a", SCOPES, "org-1"), atOtherInsurer)).toBe(
      subjectFor(key, client("PERSON", "b", SCOPES, "org-1"), identity),
    );
    expect(subjectFor(key, client("PERSON", "a", SCOPES, "org-2"), atOtherInsurer)).not.toBe(
      subjectFor(key, client("PERSON", "b", SCOPES, "org-1"), identity),
    );
  });

  test("refuses to derive a sub without the organisation", () => {
    for (const mode of ["UNIQUE", "PAIRWISE", "PERSON"] as const)
      expect(() => subjectFor(key, client(mode, "a", SCOPES, ""), identity)).toThrow(
        /organisation/,
      );
  });

  test("never reveals the inputs, and the modes never collide", () => {
    const subs = (["UNIQUE", "PAIRWISE", "PERSON"] as const).map((mode) =>
      subjectFor(key, client(mode), identity),
    );
    expect(new Set(subs).size).toBe(3);
    for (const sub of subs) {
      expect(sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(sub).not.toContain("u1");
    }
  });

  test("PERSON needs the KVNR released and the KVNR scope registered", () => {
    expect(() => subjectFor(key, client("PERSON"), { ...identity, kvnr: undefined })).toThrow(
      SubjectError,
    );
    expect(() => subjectFor(key, client("PERSON", "a", ["openid"]), identity)).toThrow(
      /not registered/,
    );
  });
});
