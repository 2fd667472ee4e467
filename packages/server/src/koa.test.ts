import { describe, expect, test } from "vitest";
import type { Context } from "koa";
import { securityHeaders, STRICT_TRANSPORT_SECURITY } from "./koa.js";

/** The headers securityHeaders() sets on a request that is or is not secure. */
async function headersFor(secure: boolean, options?: { https?: boolean }) {
  const headers: Record<string, string> = {};
  const ctx = {
    secure,
    set(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
  } as unknown as Context;
  await securityHeaders(options)(ctx, async () => {});
  return headers;
}

describe("securityHeaders", () => {
  test("always: nosniff, no referrer, no framing", async () => {
    expect(await headersFor(false)).toEqual({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
    });
  });

  test("HSTS over https, not over plain http (development)", async () => {
    expect((await headersFor(true))["strict-transport-security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    expect(await headersFor(false)).not.toHaveProperty("strict-transport-security");
  });

  test("HSTS when the server says it is served over https (TLS ends at a proxy)", async () => {
    expect((await headersFor(false, { https: true }))["strict-transport-security"]).toBe(
      STRICT_TRANSPORT_SECURITY,
    );
  });
});
