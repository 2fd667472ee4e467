import { describe, expect, test } from "vitest";
import { isWellFormedText, toWellFormedText } from "./text.js";

describe("well-formed text", () => {
  test("ordinary text, umlauts, emoji (a surrogate pair) and U+FFFD itself are well-formed", () => {
    for (const value of ["", "demo-web", "Grüße", "😀 ok", "\uFFFD", "a\u0001b"]) {
      expect(isWellFormedText(value), JSON.stringify(value)).toBe(true);
      expect(toWellFormedText(value)).toBe(value);
    }
  });

  test("NUL and lone surrogates are not, and are replaced by U+FFFD", () => {
    const cases: Array<[string, string]> = [
      ["\u0000", "\uFFFD"],
      ["a\u0000b\u0000", "a\uFFFDb\uFFFD"],
      ["\ud800", "\uFFFD"],
      ["x\udc00y", "x\uFFFDy"],
      // A low surrogate before its high one is two lone surrogates, not a pair.
      ["\ude00\ud83d", "\uFFFD\uFFFD"],
      ["😀\ud800", "😀\uFFFD"],
    ];
    for (const [value, expected] of cases) {
      expect(isWellFormedText(value), JSON.stringify(value)).toBe(false);
      expect(toWellFormedText(value)).toBe(expected);
      expect(isWellFormedText(toWellFormedText(value))).toBe(true);
    }
  });
});
