import { describe, expect, it } from "vitest";
import { pickLocale } from "./locale.js";

describe("pickLocale", () => {
  it("prefers ui_locales over Accept-Language (OIDC Core §3.1.2.1)", () => {
    expect(pickLocale("en", "de-DE,de;q=0.9")).toBe("en");
    expect(pickLocale("de-CH", "en-US")).toBe("de");
  });

  it("takes the first supported ui_locales entry, in order", () => {
    expect(pickLocale("fr-CA fr en-GB de")).toBe("en");
  });

  it("falls back to Accept-Language when no ui_locales entry is supported", () => {
    expect(pickLocale("fr ja", "en-US,en;q=0.9")).toBe("en");
  });

  it("orders Accept-Language by q-value, not by position", () => {
    expect(pickLocale(undefined, "de;q=0.4, en;q=0.8")).toBe("en");
    expect(pickLocale(undefined, "fr, en;q=0.5, de;q=0.7")).toBe("de");
  });

  it("skips q=0 (not acceptable) and malformed q-values", () => {
    expect(pickLocale(undefined, "en;q=0, de;q=0.1")).toBe("de");
    expect(pickLocale(undefined, "de;q=abc, en;q=0.2")).toBe("en");
  });

  it("keeps header order for equal q-values", () => {
    expect(pickLocale(undefined, "en-GB, de")).toBe("en");
  });

  it("defaults to German", () => {
    expect(pickLocale()).toBe("de");
    expect(pickLocale("", "")).toBe("de");
    expect(pickLocale("fr", "fr-FR, ja;q=0.5")).toBe("de");
    expect(pickLocale(undefined, "*")).toBe("de");
    expect(pickLocale(undefined, ";;,,q=")).toBe("de");
  });
});
