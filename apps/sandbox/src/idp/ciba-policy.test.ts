import { describe, expect, test } from "vitest";
import {
  isUserCodeOf,
  isValidBindingMessage,
  isValidRequestingApplication,
  userCodeFor,
} from "./ciba-policy.js";

describe("user code", () => {
  test("is the last four digits of the KVNR", () => {
    expect(userCodeFor("X110411675")).toBe("1675");
    expect(isUserCodeOf("X110411675", "1675")).toBe(true);
  });

  test("anything else is refused", () => {
    for (const code of ["", "0000", "675", "11675", "1675 ", "X110411675"]) {
      expect(isUserCodeOf("X110411675", code)).toBe(false);
    }
  });
});

describe("binding message", () => {
  test("1 to 64 characters of printable text, umlauts and punctuation included", () => {
    for (const message of [
      "A",
      "Code 4711",
      "Übermittlung an Praxis Süd – 12:30?",
      "x".repeat(64),
    ]) {
      expect(isValidBindingMessage(message)).toBe(true);
    }
  });

  test("counts characters, not UTF-16 units", () => {
    expect(isValidBindingMessage("😀".repeat(64))).toBe(true);
    expect(isValidBindingMessage("😀".repeat(65))).toBe(false);
  });

  test("empty, blank, too long or with control and format characters is refused", () => {
    for (const message of [
      "",
      "   ",
      "x".repeat(65),
      "a\nb",
      "a\tb",
      "a\u0000",
      "a\u202eb",
      "a\u2028b",
    ]) {
      expect(isValidBindingMessage(message)).toBe(false);
    }
  });
});

describe("requesting application", () => {
  test("up to 100 printable characters", () => {
    expect(isValidRequestingApplication("Demo Praxis")).toBe(true);
    expect(isValidRequestingApplication("x".repeat(100))).toBe(true);
    expect(isValidRequestingApplication("x".repeat(101))).toBe(false);
    expect(isValidRequestingApplication("Praxis\r\nX")).toBe(false);
  });
});
