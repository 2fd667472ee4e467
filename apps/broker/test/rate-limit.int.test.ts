/**
 * Rate limiting on /connect/token, /connect/par, /connect/auth, /connect/ciba, the IDP list
 * and the mobile exchange (RFC 6585 §4), and that it cannot be sidestepped: by another spelling of a path
 * the router serves, by a forged X-Forwarded-For, or by naming someone else's client id.
 */
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

  test("the backchannel authentication endpoint has its own window (CIBA)", async () => {
    const ciba = () =>
      fetch(`${broker.issuer}/connect/ciba`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: DEMO_WEB.clientId, scope: "openid" }),
      });
    for (let i = 0; i < 3; i++) expect((await ciba()).status).toBeLessThan(429);
    const limited = await ciba();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: "temporarily_unavailable" });
  });

  test("per authenticated client as well as per IP; naming a client without its secret spends none of its budget", async () => {
    const tight = await startTestBroker({ rateLimit: { perIp: 1000, perClient: 2 } });
    try {
      const par = (secret: string) =>
        fetch(`${tight.issuer}/connect/par`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            client_id: DEMO_WEB.clientId,
            client_secret: secret,
            response_type: "code",
          }),
        });
      // Anyone can name demo-web; without its secret that is not demo-web's traffic.
      for (let i = 0; i < 5; i++) expect((await par("wrong")).status).toBe(401);
      expect((await par(DEMO_WEB.developmentSecret)).status).not.toBe(429);
      expect((await par(DEMO_WEB.developmentSecret)).status).not.toBe(429);
      const limited = await par(DEMO_WEB.developmentSecret);
      expect(limited.status).toBe(429);
      expect(await limited.json()).toMatchObject({ error: "slow_down" });
    } finally {
      await tight.close();
    }
  });
});

describe("rate limits cannot be sidestepped", () => {
  let strict: TestBroker;
  beforeAll(async () => {
    strict = await startTestBroker({ rateLimit: { perIp: 3, perClient: 100_000 } });
  });
  afterAll(async () => strict?.close());

  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${strict.issuer}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: `grant_type=authorization_code&code=nope&client_id=${DEMO_MOBILE.clientId}&redirect_uri=x`,
    });

  test("other spellings of the token path the router serves share its window", async () => {
    const statuses = [];
    for (const path of ["/connect/token/", "/CONNECT/TOKEN", "/Connect/Token/", "/connect/token"])
      statuses.push((await post(path)).status);
    expect(statuses.slice(0, 3).every((status) => status === 400)).toBe(true);
    expect(statuses[3]).toBe(429);
  });

  test("a forged X-Forwarded-For does not open a new window (no trusted proxy configured)", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post("/connect/par", { "x-forwarded-for": `203.0.113.${i}` })).status);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });

  test("the IDP list and the mobile exchange are limited too", async () => {
    const idps = () => fetch(`${strict.issuer}/api/v1/idps?relyingPartyId=unknown-app`);
    for (let i = 0; i < 3; i++) expect((await idps()).status).toBeLessThan(429);
    const limitedList = await idps();
    expect(limitedList.status).toBe(429);
    expect(await limitedList.json()).toMatchObject({ error: "temporarily_unavailable" });

    const exchange = () =>
      fetch(`${strict.issuer}/oidcf/exchange/mobile`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ clientId: DEMO_MOBILE.clientId, code: "c", state: "s" }),
      });
    for (let i = 0; i < 3; i++) expect((await exchange()).status).toBeLessThan(429);
    const limitedExchange = await exchange();
    expect(limitedExchange.status).toBe(429);
    expect(await limitedExchange.json()).toMatchObject({ error: "slow_down" });
  });
});
