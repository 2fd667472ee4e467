/** A person who lands on a stale login page sees an HTML page that says so (never JSON, never a 5xx). */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFederatedWorld, type FederatedWorld } from "./support/federated-world.js";

let world: FederatedWorld;

beforeAll(async () => {
  world = await startFederatedWorld();
});
afterAll(async () => world?.close());

for (const path of [
  "/connect/interaction/no-such-login",
  "/connect/interaction/no-such-login/signin?state=x&code=y",
]) {
  test(`GET ${path} without a login in progress is a 400 error page`, async () => {
    const response = await fetch(`${world.issuer}${path}`, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('data-testid="error-page"');
    expect(html).toContain('data-error-code="invalid_request"');
  });
}

test("POST to an unknown login is a 400 error page too", async () => {
  const response = await fetch(`${world.issuer}/connect/interaction/no-such-login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "idp=x",
    redirect: "manual",
  });
  expect(response.status).toBe(400);
  expect(await response.text()).toContain('data-testid="error-page"');
});
