import { describe, expect, test } from "vitest";
import { isNativeApplication } from "./applications.js";

describe("isNativeApplication", () => {
  test("a private-use-scheme redirect URI makes an app native", () => {
    expect(
      isNativeApplication(["https://app.example.de/cb", "de.example.app:/oauthredirect"]),
    ).toBe(true);
  });

  test("web apps register only http(s) redirect URIs, in any case", () => {
    expect(isNativeApplication(["https://app.example.de/cb", "HTTP://localhost:3001/cb"])).toBe(
      false,
    );
    expect(isNativeApplication([])).toBe(false);
  });
});
