/** Rate limiting on /connect/token, /connect/par and /connect/auth (RFC 6585 §4). */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ rateLimit: { perIp: 3, perClient: 1000 } });
});
afterAll(async () => broker?.close());

const tokenRequest = () =>
  fetch(`${broker.issuer}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=authorization_code&code=nope&client_id=${DEMO_MOBILE.clientId}&redirect_uri=x`,
  });

describe("rate limiting", () => {
  test("the token endpoint answers 429 slow_down with Retry-After once the window is used up", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await tokenRequest()).status);
    expect(statuses.every((status) => status === 400)).toBe(true);
    const limited = await tokenRequest();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: "slow_down" });
  });

  test("the authorization endpoint has its own window and says temporarily_unavailable", async () => {
    const url = `${broker.issuer}/connect/auth?client_id=${DEMO_WEB.clientId}`;
    for (let i = 0; i < 3; i++)
      expect((await fetch(url, { redirect: "manual" })).status).toBeLessThan(429);
    const limited = await fetch(url, { redirect: "manual" });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: "temporarily_unavailable" });
  });

  test("per client id as well as per IP", async () => {
    const tight = await startTestBroker({ rateLimit: { perIp: 1000, perClient: 2 } });
    try {
      const par = (clientId: string) =>
        fetch(`${tight.issuer}/connect/par`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `client_id=${clientId}&response_type=code`,
        });
      await par("client-a");
      await par("client-a");
      expect((await par("client-a")).status).toBe(429);
      expect((await par("client-b")).status).not.toBe(429);
    } finally {
      await tight.close();
    }
  });
});
