import { describe, expect, test } from "vitest";
import { SubjectError, subjectFor } from "./subject.js";

const key = Buffer.alloc(32, 1);
const identity = { upstreamIssuer: "https://idp-a", upstreamSub: "u1", kvnr: "X110411675" };
const client = (
  lotseSubMode: "UNIQUE" | "PAIRWISE" | "PERSON",
  sector = "app-1",
  allowedScopes = ["openid", "urn:telematik:versicherter"],
) => ({
  lotseSubMode,
  lotseSectorIdentifier: sector,
  allowedScopes,
});

describe("subjectFor", () => {
  test("UNIQUE ignores the application; PAIRWISE depends on its sector", () => {
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
