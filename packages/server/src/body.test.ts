import { Readable } from "node:stream";
import type { Context } from "koa";
import { describe, expect, test } from "vitest";
import { BodyNotUtf8, BodyTooLarge, readBody } from "./body.js";

function request(body: string | Buffer, contentLength?: number): Context {
  const bytes = Buffer.from(body);
  const req = Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]);
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

  test("decodes UTF-8, also a character split across chunks", async () => {
    expect(await readBody(request("a=Grüße 😀"), 100)).toBe("a=Grüße 😀");
    // The first chunk ends inside the two octets of "ü".
    expect(await readBody(request("Grüße"), 100)).toBe("Grüße");
  });

  test("refuses octets that are not UTF-8 instead of turning them into U+FFFD", async () => {
    for (const bytes of [
      [0xff, 0xfe],
      [0x61, 0xc3],
      [0xed, 0xa0, 0x80],
    ])
      await expect(readBody(request(Buffer.from(bytes)), 100)).rejects.toBeInstanceOf(BodyNotUtf8);
  });
});
