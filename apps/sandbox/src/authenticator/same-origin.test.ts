import { describe, expect, test } from "vitest";
import { isSameOriginPost } from "./same-origin.js";

const OWN = ["http://localhost:4100"];

describe("isSameOriginPost", () => {
  test("Fetch Metadata decides when present", () => {
    expect(isSameOriginPost({ "sec-fetch-site": "same-origin" }, OWN)).toBe(true);
    for (const site of ["same-site", "cross-site", "none"]) {
      expect(
        isSameOriginPost({ "sec-fetch-site": site, origin: "http://localhost:4100" }, OWN),
      ).toBe(false);
    }
  });

  test("otherwise the Origin must be one of ours", () => {
    expect(isSameOriginPost({ origin: "http://localhost:4100" }, OWN)).toBe(true);
    expect(isSameOriginPost({ origin: "https://evil.example" }, OWN)).toBe(false);
    expect(isSameOriginPost({ origin: "null" }, [...OWN, "null"])).toBe(false);
  });

  test("a request with neither header is refused", () => {
    expect(isSameOriginPost({}, OWN)).toBe(false);
  });
});
