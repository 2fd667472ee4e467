import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { launchHash, newLaunchValue, smartLaunchUrl } from "./launch-url.js";

describe("smartLaunchUrl", () => {
  test("an EHR launch: iss (encoded) and launch", () => {
    expect(
      smartLaunchUrl(
        "http://localhost:3001/smart/launch",
        "http://localhost:4100/fhir/r4",
        "abc_-1",
      ),
    ).toBe(
      "http://localhost:3001/smart/launch?iss=http%3A%2F%2Flocalhost%3A4100%2Ffhir%2Fr4&launch=abc_-1",
    );
  });

  test("a standalone launch: iss only", () => {
    expect(smartLaunchUrl("https://app.example/launch", "https://fhir.example/r4")).toBe(
      "https://app.example/launch?iss=https%3A%2F%2Ffhir.example%2Fr4",
    );
  });

  test("a launch URL with its own query keeps it", () => {
    expect(smartLaunchUrl("https://app.example/launch?tenant=a", "https://fhir.example/r4")).toBe(
      "https://app.example/launch?tenant=a&iss=https%3A%2F%2Ffhir.example%2Fr4",
    );
  });
});

describe("launch values", () => {
  test("are 32 random bytes in base64url, hashed with sha256 hex", () => {
    const value = newLaunchValue();
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(value, "base64url")).toHaveLength(32);
    expect(newLaunchValue()).not.toBe(value);
    expect(launchHash(value)).toBe(createHash("sha256").update(value).digest("hex"));
  });
});
