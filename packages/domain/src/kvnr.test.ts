import { describe, expect, test } from "vitest";
import { isValidKvnr, kvnrCheckDigit, maskKvnr, maskKvnrsIn } from "./kvnr.js";

describe("KVNR", () => {
  test("check digit of a known test KVNR", () => {
    expect(kvnrCheckDigit("X11041167")).toBe(5);
    expect(isValidKvnr("X110411675")).toBe(true);
    expect(isValidKvnr("X110411676")).toBe(false);
    expect(isValidKvnr("x110411675")).toBe(false);
    expect(isValidKvnr("X11041167")).toBe(false);
  });

  test("a masked KVNR keeps too little to identify anyone", () => {
    expect(maskKvnr("X110411675")).toBe("X******675");
  });

  test("in a stored text, every KVNR-shaped word keeps only its letter", () => {
    expect(maskKvnrsIn("login of X110411675 and A123456789 at Y1234")).toBe(
      "login of X********* and A********* at Y1234",
    );
    expect(maskKvnrsIn("AX110411675")).toBe("AX110411675");
  });
});
