/** The sandbox's landing page and health check over real HTTP against a real database. */
import { expect, test } from "./testing/fixture.js";

test("GET /healthz answers while the process serves; /readyz reports the database", async ({
  world,
}) => {
  const live = await fetch(`${world.sandbox.url}/healthz`);
  expect(live.status).toBe(200);
  expect(await live.json()).toEqual({ status: "ok", service: "sandbox" });
  const ready = await fetch(`${world.sandbox.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(ready.headers.get("cache-control")).toBe("no-store");
  expect(await ready.json()).toEqual({ status: "ok", service: "sandbox", database: "ok" });
});

test("GET / lists the parties and identities under a restrictive CSP", async ({ world }) => {
  const response = await fetch(world.sandbox.url);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  const html = await response.text();
  expect(html).toContain('data-testid="sandbox-title"');
  expect(html).toContain(`href="${world.broker.url}/healthz"`);
  expect(html).toContain(`${world.sandbox.url}/fedmaster/.well-known/openid-federation`);
  for (const name of ["nord", "sued", "privat"]) {
    expect(html).toContain(`${world.idp(name as "nord")}/.well-known/openid-configuration`);
  }
  expect(html).toContain('data-testid="identity-row-X110416447"');
});

test("the sandbox starts within a second", ({ world }) => {
  console.info(`sandbox start: ${world.sandbox.startMs.toFixed(0)} ms`);
  expect(world.sandbox.startMs).toBeLessThan(1000);
});

test("GET /logos/<name>.svg serves each insurer's logo", async ({ world }) => {
  const response = await fetch(`${world.sandbox.url}/logos/privat.svg`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
  expect(await response.text()).toContain("Sandbox Private Krankenversicherung");
});
