/** UPSTREAM_TLS_CA_FILE (upstream-ca-file.ts): read again only when the file changed. */
import { mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { upstreamCaFile } from "./upstream-ca-file.js";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lotse-ca-file-"));
  file = path.join(dir, "ca.pem");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` and gives the file the modification time `at` (seconds). */
function write(target: string, content: string, at: number) {
  writeFileSync(target, content);
  utimesSync(target, at, at);
}

describe("upstreamCaFile", () => {
  test("is not read again while its modification time, size and inode stay", async () => {
    write(file, "first CA", 1_700_000_000);
    const read = upstreamCaFile(file);
    expect(await read()).toBe("first CA");
    // Changed in place, but with the same size and modification time: stat sees no change,
    // so the bytes are not read (what proves that the file is not read per request).
    write(file, "other CA", 1_700_000_000);
    expect(await read()).toBe("first CA");
  });

  test.each([
    { change: "a new modification time", renewed: "renewed!", at: 1_700_000_060 },
    {
      change: "another size, even at the same time",
      renewed: "renewed CA bundle",
      at: 1_700_000_000,
    },
  ])("a renewed certificate counts at once: $change", async ({ renewed, at }) => {
    write(file, "first CA", 1_700_000_000);
    const read = upstreamCaFile(file);
    expect(await read()).toBe("first CA");
    write(file, renewed, at);
    expect(await read()).toBe(renewed);
  });

  test("a renewed certificate counts at once: another file moved into place", async () => {
    write(file, "first CA", 1_700_000_000);
    const read = upstreamCaFile(file);
    expect(await read()).toBe("first CA");
    const next = path.join(dir, "ca.pem.next");
    write(next, "other CA", 1_700_000_000);
    renameSync(next, file);
    expect(statSync(file).size).toBe("first CA".length);
    expect(await read()).toBe("other CA");
  });

  test("a missing file fails the read, and is read once it is there", async () => {
    const read = upstreamCaFile(file);
    await expect(read()).rejects.toThrow(/ENOENT/);
    write(file, "first CA", 1_700_000_000);
    expect(await read()).toBe("first CA");
    rmSync(file);
    await expect(read()).rejects.toThrow(/ENOENT/);
  });
});
