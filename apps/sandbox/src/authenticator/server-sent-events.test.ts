import { describe, expect, test } from "vitest";
import { formatEvent, KEEP_ALIVE_COMMENT } from "./server-sent-events.js";

describe("formatEvent", () => {
  test("names the event and ends with a blank line", () => {
    expect(formatEvent("requests", "<li>x</li>")).toBe("event: requests\ndata: <li>x</li>\n\n");
  });

  test("gives every line of the data its own data field", () => {
    expect(formatEvent("requests", "a\nb\r\nc\rd")).toBe(
      "event: requests\ndata: a\ndata: b\ndata: c\ndata: d\n\n",
    );
  });

  test("refuses an event name that would break the framing", () => {
    expect(() => formatEvent("a\nevent: b", "x")).toThrow();
  });

  test("the keep-alive is a comment", () => {
    expect(KEEP_ALIVE_COMMENT.startsWith(":")).toBe(true);
    expect(KEEP_ALIVE_COMMENT.endsWith("\n\n")).toBe(true);
  });
});
