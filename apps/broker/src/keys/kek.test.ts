import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { deriveSecret } from "./derive.js";
import { developmentKek, loadKek, parseKek } from "./kek.js";

describe("key-encryption key", () => {
  test("is generated once into the data dir, readable by its owner only", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lotse-kek-"));
    const first = developmentKek(dir);
    const again = developmentKek(dir);
    expect(Buffer.from(again.key)).toEqual(Buffer.from(first.key));
    expect(first.key).toHaveLength(32);
    expect(statSync(path.join(dir, "kek")).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, "kek"), "utf8").trim()).toHaveLength(43);
  });

  test("is required in production", () => {
    expect(() => loadKek({ production: true, dataDir: "/nonexistent" })).toThrow(/LOTSE_KEK/);
  });

  test("must be 32 bytes", () => {
    expect(() => parseKek("c2hvcnQ")).toThrow(/32 bytes/);
  });

  test("derives a different secret per purpose, the same on every instance", () => {
    const kek = parseKek(Buffer.alloc(32, 7).toString("base64url"));
    const twin = parseKek(Buffer.alloc(32, 7).toString("base64url"));
    expect(deriveSecret(kek, "subject")).toEqual(deriveSecret(twin, "subject"));
    expect(deriveSecret(kek, "subject")).not.toEqual(deriveSecret(kek, "cookie-signing"));
    expect(twin.kid).toBe(kek.kid);
  });
});
