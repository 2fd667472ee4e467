import { describe, expect, test } from "vitest";
import type { Context } from "koa";
import { createLogger } from "./logger.js";
import { currentRequestId, requestIdFrom, requestIds, withRequestId } from "./request-id.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdFrom", () => {
  test("keeps a well-formed incoming id", () => {
    expect(requestIdFrom("3f2a9c1e-lb-42")).toBe("3f2a9c1e-lb-42");
    expect(requestIdFrom("Root=1-67891233-abcdef012345678912345678")).toMatch(UUID);
  });

  test("replaces a missing, long or odd one with a random UUID", () => {
    expect(requestIdFrom(undefined)).toMatch(UUID);
    expect(requestIdFrom("")).toMatch(UUID);
    expect(requestIdFrom("a".repeat(129))).toMatch(UUID);
    expect(requestIdFrom("id with spaces")).toMatch(UUID);
    expect(requestIdFrom("id\r\nX-Injected: 1")).toMatch(UUID);
    expect(requestIdFrom("<script>")).toMatch(UUID);
  });
});

describe("requestIds middleware", () => {
  test("sets the response header and the id seen by code running for the request", async () => {
    const headers: Record<string, string> = {};
    const ctx = {
      state: {} as Record<string, unknown>,
      get: (name: string) => (name === "X-Request-Id" ? "incoming-1" : ""),
      set: (name: string, value: string) => (headers[name] = value),
    } as unknown as Context;
    let seen: string | undefined;
    await requestIds()(ctx, async () => {
      await Promise.resolve();
      seen = currentRequestId();
    });
    expect(seen).toBe("incoming-1");
    expect(headers["X-Request-Id"]).toBe("incoming-1");
    expect(ctx.state.requestId).toBe("incoming-1");
    expect(currentRequestId()).toBeUndefined();
  });
});

describe("logger", () => {
  test("a line written during a request carries its id; one outside carries none", () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger("test", {
      level: "info",
      destination: { write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    withRequestId("req-7", () => logger.info("inside"));
    logger.info("outside");
    expect(lines[0]).toMatchObject({ msg: "inside", requestId: "req-7" });
    expect(lines[1]).not.toHaveProperty("requestId");
  });
});
