import { Readable } from "node:stream";
import type { Context } from "koa";
import { describe, expect, test } from "vitest";
import { BodyTooLarge, readBody } from "./body.js";

function request(body: string, contentLength?: number): Context {
  const req = Readable.from([Buffer.from(body.slice(0, 3)), Buffer.from(body.slice(3))]);
  const headers: Record<string, string> = {};
  if (contentLength !== undefined) headers["content-length"] = String(contentLength);
  return { req, get: (name: string) => headers[name.toLowerCase()] ?? "" } as unknown as Context;
}

describe("readBody", () => {
  test("returns the whole body, across chunks", async () => {
    expect(await readBody(request("a=1&b=2"), 100)).toBe("a=1&b=2");
  });

  test("refuses a declared length over the limit before reading", async () => {
    await expect(readBody(request("", 101), 100)).rejects.toBeInstanceOf(BodyTooLarge);
  });

  test("refuses a body that grows past the limit without a declared length", async () => {
    await expect(readBody(request("x".repeat(101)), 100)).rejects.toBeInstanceOf(BodyTooLarge);
  });

  test("takes a body of exactly the limit", async () => {
    expect(await readBody(request("x".repeat(100), 100), 100)).toHaveLength(100);
  });
});
