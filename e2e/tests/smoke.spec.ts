import { expect, test } from "@playwright/test";
import { urls } from "../urls.ts";

test.describe("smoke: every app is up on the real stack", () => {
  test("the portal's start page renders", async ({ page }) => {
    await page.goto(urls.portal);
    await expect(page.getByTestId("portal-title")).toBeVisible();
    await expect(page).toHaveTitle(/Lotse/);
  });

  test("the broker is alive, and ready with its database and keys", async ({ request }) => {
    const live = await request.get(`${urls.broker}/healthz`);
    expect(live.status()).toBe(200);
    expect(await live.json()).toEqual({ status: "ok", service: "broker" });
    const ready = await request.get(`${urls.broker}/readyz`);
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ok",
      service: "broker",
      database: "ok",
      keys: "ok",
    });
  });

  test("every app answers its health check", async ({ request }) => {
    for (const [name, base] of Object.entries(urls)) {
      const response = await request.get(`${base}/healthz`);
      expect(response.status(), `${name} /healthz`).toBe(200);
      expect((await response.json()).status, `${name} /healthz status`).toBe("ok");
    }
  });

  test("the sandbox landing page names itself", async ({ page }) => {
    await page.goto(urls.sandbox);
    await expect(page.getByTestId("sandbox-title")).toHaveText("Lotse sandbox");
  });

  test("an unknown broker path is a JSON 404, not a stack trace", async ({ request }) => {
    const response = await request.get(`${urls.broker}/no-such-path`);
    expect(response.status()).toBe(404);
    const body = await response.json();
    expect(body.error).toBe("not_found");
    expect(JSON.stringify(body)).not.toMatch(/at .+\.(js|ts):\d+/);
  });
});
