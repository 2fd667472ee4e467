import { describe, expect, test, vi } from "vitest";
import { fetchLauncherDirectory, sandboxDirectoryUrl } from "./launcher-directory.js";

const SANDBOX = "http://localhost:4100";
const directory = {
  patients: [{ id: "pat-1", name: "Erika Mustermann", birthDate: "1970-01-01", gender: "female" }],
  practitioners: [{ id: "prac-1", name: "Dr. Hausarzt" }],
  encounters: [{ id: "enc-1", patientId: "pat-1", label: "2024-05-01 check-up" }],
};

describe("sandboxDirectoryUrl", () => {
  test("a FHIR base under the sandbox URL", () => {
    expect(sandboxDirectoryUrl("http://localhost:4100/fhir/r4", SANDBOX)).toBe(
      "http://localhost:4100/fhir/r4/launcher-directory",
    );
    expect(sandboxDirectoryUrl("https://sb.example/x/fhir", "https://sb.example/x/")).toBe(
      "https://sb.example/x/fhir/launcher-directory",
    );
  });

  // Anything a developer could enter to make the portal fetch another host or path (SSRF).
  test.each([
    "http://localhost:4101/fhir/r4",
    "http://127.0.0.1:4100/fhir/r4",
    "http://localhost:4100.evil.example/fhir",
    "https://localhost:4100/fhir/r4",
    "http://user@localhost:4100/fhir/r4",
    "http://localhost:4100/fhir/r4?x=1",
    "http://localhost:4100",
    "http://169.254.169.254/latest/meta-data",
    "not a url",
  ])("not under the sandbox: %s", (fhirBase) => {
    expect(sandboxDirectoryUrl(fhirBase, SANDBOX)).toBeNull();
  });

  test("paths outside the sandbox's prefix are refused", () => {
    expect(sandboxDirectoryUrl("https://sb.example/xy/fhir", "https://sb.example/x")).toBeNull();
    expect(sandboxDirectoryUrl("https://sb.example/x/../admin", "https://sb.example/x")).toBeNull();
  });

  test("no sandbox configured: nothing is fetched", () => {
    expect(sandboxDirectoryUrl("http://localhost:4100/fhir/r4", undefined)).toBeNull();
  });
});

describe("fetchLauncherDirectory", () => {
  test("parses the sandbox's answer, fetched without following redirects", async () => {
    const fetchImpl = vi.fn(async () => Response.json({ ...directory, extra: "ignored" }));
    const result = await fetchLauncherDirectory(
      "http://localhost:4100/fhir/r4",
      SANDBOX,
      fetchImpl,
    );
    expect(result).toEqual({ status: "available", directory });
    expect(fetchImpl).toHaveBeenCalledWith(
      "http://localhost:4100/fhir/r4/launcher-directory",
      expect.objectContaining({ redirect: "error" }),
    );
  });

  test("another FHIR server is never fetched", async () => {
    const fetchImpl = vi.fn();
    expect(await fetchLauncherDirectory("https://fhir.example/r4", SANDBOX, fetchImpl)).toEqual({
      status: "not_sandbox",
    });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  test("an error, a wrong shape or no answer: unavailable, with a message", async () => {
    const base = "http://localhost:4100/fhir/r4";
    const answers = [
      async () => new Response("nope", { status: 404 }),
      async () => Response.json({ patients: "all" }),
      async () => {
        throw new TypeError("fetch failed");
      },
    ];
    for (const answer of answers) {
      const result = await fetchLauncherDirectory(base, SANDBOX, vi.fn(answer));
      expect(result.status).toBe("unavailable");
      expect(result).toHaveProperty("message", expect.stringMatching(/by hand/));
    }
  });
});
