/**
 * No endpoint answers bad input with a 5xx or a stack trace (issue 3 "Done when").
 * A handful of malformed bodies, headers and queries against every endpoint.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_WEB } from "@lotse/db/seed";
import { send } from "./fuzz/support/http.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => broker?.close());

const FORM = "application/x-www-form-urlencoded";
const bodies: Array<[string, string | Uint8Array<ArrayBuffer>]> = [
  [FORM, ""],
  [FORM, "%%%"],
  [FORM, "grant_type=authorization_code&grant_type=refresh_token"],
  [FORM, "client_id=demo-web&client_secret=x&client_secret=y"],
  [FORM, `client_id=${"a".repeat(5000)}&client_secret=${"b".repeat(5000)}`],
  [FORM, "grant_type=refresh_token&refresh_token=\u0000\u0001"],
  [FORM, "token=" + "x".repeat(50_000)],
  ["application/json", '{"grant_type": "authorization_code"'],
  ["text/plain", "hello"],
  [FORM, new Uint8Array([0xff, 0xfe, 0x00, 0x80])],
];
const authorizations = [
  undefined,
  "Basic",
  "Basic !!!",
  "Basic " + Buffer.from("no-colon").toString("base64"),
  "Basic " + Buffer.from("%zz:%zz").toString("base64"),
  "Basic " + Buffer.from(`${DEMO_WEB.clientId}:`).toString("base64"),
  "Bearer garbage",
];
const postEndpoints = [
  "/connect/token",
  "/connect/par",
  "/connect/introspection",
  "/connect/revocation",
  "/connect/ciba",
  "/connect/userinfo",
  "/connect/endsession/confirm",
];
const getUrls = [
  "/connect/auth",
  "/connect/auth?client_id=demo-web",
  "/connect/auth?client_id=demo-web&client_id=demo-mobile&response_type=code",
  "/connect/auth?client_id=%ff%fe&redirect_uri=javascript:alert(1)",
  "/connect/auth?request_uri=urn:ietf:params:oauth:request_uri:nope&client_id=demo-web",
  "/connect/auth/unknown-uid",
  "/connect/userinfo",
  "/connect/endsession?id_token_hint=not.a.jwt",
  "/connect/endsession?post_logout_redirect_uri=https://evil.example",
  "/.well-known/openid-configuration?x=%00",
  "/.well-known/jwks",
  "/federation/jwks",
  "/.well-known/openid-federation",
];

describe("garbage in, no 5xx out", () => {
  test.each(postEndpoints)("POST %s", async (path) => {
    for (const [contentType, body] of bodies) {
      for (const authorization of authorizations) {
        const response = await fetch(`${broker.issuer}${path}`, {
          method: "POST",
          headers: { "content-type": contentType, ...(authorization ? { authorization } : {}) },
          body,
        });
        const text = await response.text();
        expect(
          response.status,
          `${path} ${contentType} ${String(body).slice(0, 40)} ${authorization}`,
        ).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }
    }
  });

  test.each(getUrls)("GET %s", async (path) => {
    const response = await fetch(`${broker.issuer}${path}`, { redirect: "manual" });
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  test("a body over the size limit is 413 before anyone parses it", async () => {
    const response = await fetch(`${broker.issuer}/connect/token`, {
      method: "POST",
      headers: { "content-type": FORM },
      body: "x=" + "y".repeat(100_000),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("methods no route serves", () => {
  // Found by fuzzing: @koa/router answered TRACE, PROPFIND, … (methods it does not
  // implement, which Node's parser accepts) with 501, a server error, on every path.
  test.each(["TRACE", "PROPFIND", "PUT", "DELETE"])(
    "%s is 405 with Allow on a route, 404 elsewhere, always the JSON error shape",
    async (method) => {
      const route = await send(broker.issuer, { method, target: "/api/v1/idps" });
      expect(route.status).toBe(405);
      expect(route.headers.allow).toMatch(/\bGET\b/);
      expect(JSON.parse(route.text)).toEqual({
        error: "invalid_request",
        error_description: expect.stringContaining(method),
      });
      const elsewhere = await send(broker.issuer, {
        method,
        target: "/.well-known/openid-configuration",
      });
      expect(elsewhere.status).toBe(404);
      expect(JSON.parse(elsewhere.text)).toMatchObject({ error: "not_found" });
    },
  );
});

describe("error answers without a body", () => {
  // Found by fuzzing: oidc-provider answers OPTIONS on its routes without an Origin with a
  // bare 404, which Koa sent as text/plain "Not Found".
  test.each(["/.well-known/openid-configuration", "/.well-known/jwks", "/connect/token"])(
    "OPTIONS %s without an Origin is a JSON error",
    async (path) => {
      const answer = await send(broker.issuer, { method: "OPTIONS", target: path });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.type).toBe("application/json");
      expect(Object.keys(JSON.parse(answer.text) as object).sort()).toEqual([
        "error",
        "error_description",
      ]);
    },
  );
});
