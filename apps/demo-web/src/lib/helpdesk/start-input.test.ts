import { describe, expect, it } from "vitest";
import { bindingCode, startInputSchema } from "./start-input";

const valid = {
  kvnr: "X110411675",
  insurer: "http://localhost:4100/idp/nord",
  bindingMessage: "4711",
  mode: "ping",
};

describe("startInputSchema", () => {
  it("accepts the agent's form", () => {
    expect(startInputSchema.parse(valid)).toEqual(valid);
  });

  it("normalises the KVNR as people type it", () => {
    expect(startInputSchema.parse({ ...valid, kvnr: " x110 411 675" }).kvnr).toBe("X110411675");
  });

  it.each([
    [{ kvnr: "X11041167" }, "a KVNR is one letter and nine digits"],
    [{ insurer: "" }, "choose the caller's insurer"],
    [{ bindingMessage: "  " }, "the binding message is required"],
    [{ bindingMessage: "x".repeat(65) }, "the binding message has at most 64 characters"],
    [{ bindingMessage: "<b>1234</b>" }, "the binding message must be plain text"],
    [{ mode: "push" }, "the mode is poll or ping"],
  ])("refuses %j", (change, message) => {
    const result = startInputSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe("bindingCode", () => {
  it("is 4 digits, zero-padded", () => {
    expect(bindingCode(() => 42)).toBe("0042");
    expect(bindingCode(() => 9999)).toBe("9999");
  });

  it("asks for a number below 10000", () => {
    let asked = 0;
    bindingCode((max) => (asked = max));
    expect(asked).toBe(10_000);
  });
});
