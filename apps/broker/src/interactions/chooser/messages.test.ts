import { describe, expect, it } from "vitest";
import { chooserMessages, format } from "./messages.js";

describe("chooser messages", () => {
  it("has the same, non-empty keys in German and English", () => {
    const { de, en } = chooserMessages;
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
    for (const messages of [de, en]) {
      for (const [key, value] of Object.entries(messages)) {
        expect(value.trim(), key).not.toBe("");
      }
    }
  });

  it("uses the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
    const { de, en } = chooserMessages;
    for (const key of Object.keys(de) as (keyof typeof de)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(de[key]));
    }
  });

  it("fills placeholders and leaves unknown ones alone", () => {
    expect(format("{app} möchte Sie anmelden", { app: "Demo $& App" })).toBe(
      "Demo $& App möchte Sie anmelden",
    );
    expect(format("{count} {missing} {constructor}", { count: 3 })).toBe(
      "3 {missing} {constructor}",
    );
  });
});
