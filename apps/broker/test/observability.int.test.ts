/**
 * What an operator sees of the broker (issue 17, docs/operations.md): Prometheus metrics
 * after a real federated login, request ids in answers and audit events, /metrics behind
 * its bearer token, and readiness during a shutdown.
 */
import type * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_WEB } from "@lotse/db/seed";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { testServerUrl } from "@lotse/db/testing";
import { createDrainState, createLogger, serveForTest } from "@lotse/server";
import { createBrokerApp } from "../src/app.js";
import {
  federatedLogin,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { relyingParty } from "./support/relying-party.js";

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = "X110411675";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(exposition: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of exposition.split("\n")) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",");
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

describe("after a federated login", () => {
  let world: FederatedWorld;
  let web: client.Configuration;

  beforeAll(async () => {
    world = await startFederatedWorld();
    web = await relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  });
  afterAll(async () => world?.close());

  test("GET /metrics counts the login, the code, the grant and the insurer requests", async () => {
    const insurer = world.idp("nord");
    const before = await (await fetch(`${world.issuer}/metrics`)).text();
    await federatedLogin(world, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      scope: "openid urn:telematik:versicherter",
      idp: insurer,
      kvnr: ANNA,
    });

    const response = await fetch(`${world.issuer}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const after = await response.text();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);

    const login = { outcome: "success", insurer, application: DEMO_WEB.clientId };
    expect(delta("lotse_broker_logins_total", login)).toBe(1);
    expect(delta("lotse_broker_codes_issued_total", { application: DEMO_WEB.clientId })).toBe(1);
    expect(
      delta("lotse_broker_token_grants_total", {
        grant_type: "authorization_code",
        outcome: "success",
      }),
    ).toBe(1);
    for (const endpoint of ["par", "token"]) {
      expect(
        delta("lotse_broker_upstream_request_duration_seconds_count", {
          insurer,
          endpoint,
          outcome: "ok",
        }),
      ).toBeGreaterThanOrEqual(1);
    }
    expect(after).toContain("# TYPE lotse_broker_audit_events_queued gauge");
    expect(after).toContain("# TYPE lotse_broker_rate_limit_refusals_total counter");
    // Default process metrics.
    expect(after).toContain("process_cpu_user_seconds_total");
    // No label carries a person: neither the KVNR nor a sub appears anywhere.
    expect(after).not.toContain(ANNA);
    expect(after).not.toMatch(/sub="/);
  });

  test("every answer carries a request id; the login's audit events name theirs", async () => {
    const echoed = await fetch(`${world.issuer}/healthz`, {
      headers: { "X-Request-Id": "lb-7f3a.42" },
    });
    expect(echoed.headers.get("x-request-id")).toBe("lb-7f3a.42");
    const replaced = await fetch(`${world.issuer}/nothing-here`, {
      headers: { "X-Request-Id": "not a well-formed id" },
    });
    expect(replaced.status).toBe(404);
    expect(replaced.headers.get("x-request-id")).toMatch(UUID);

    const since = new Date();
    await federatedLogin(world, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      scope: "openid urn:telematik:versicherter",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    const events = await eventsSince(world.prisma, since, ["code.issued", "token.issued"]);
    const ids = events.map((event) => (event.details as { requestId?: string }).requestId);
    for (const id of ids) expect(id).toMatch(UUID);
    // Two requests (the authorization and the token request), two ids.
    expect(new Set(ids).size).toBe(2);
  });
});

/** demo-web's events of these types since `since`, once the batched audit log wrote them. */
async function eventsSince(prisma: PrismaClient, since: Date, types: string[]) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const events = await prisma.auditEvent.findMany({
      where: { clientId: DEMO_WEB.clientId, type: { in: types }, time: { gte: since } },
    });
    if (events.length >= types.length) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${types.join(", ")} events`);
}

describe("GET /metrics with BROKER_METRICS_TOKEN", () => {
  const logger = createLogger("broker-test", { level: "silent" });
  let prisma: PrismaClient;
  let broker: Awaited<ReturnType<typeof serveForTest>>;
  const token = "metrics-token-0123456789abcdef";

  beforeAll(async () => {
    prisma = createPrismaClient(testServerUrl());
    broker = await serveForTest(createBrokerApp({ prisma, logger, metricsToken: token }));
  });
  afterAll(async () => {
    await broker?.close();
    await prisma?.$disconnect();
  });

  test("answers 401 without the token or with another, the metrics with it", async () => {
    const none = await fetch(`${broker.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(await none.text()).not.toContain("lotse_broker");
    const wrong = await fetch(`${broker.url}/metrics`, {
      headers: { Authorization: `Bearer ${token}x` },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${broker.url}/metrics`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("lotse_broker_logins_total");
  });
});

describe("GET /healthz and /readyz", () => {
  const logger = createLogger("broker-test", { level: "silent" });
  let prisma: PrismaClient;

  beforeAll(() => {
    prisma = createPrismaClient(testServerUrl());
  });
  afterAll(async () => prisma?.$disconnect());

  test("readiness checks the database; liveness does not; a shutdown turns readiness off", async () => {
    const drain = createDrainState();
    const broker = await serveForTest(createBrokerApp({ prisma, logger, drain }));
    const unreachable = createPrismaClient("postgresql://nobody:nothing@127.0.0.1:9/none");
    const down = await serveForTest(createBrokerApp({ prisma: unreachable, logger }));
    try {
      const ready = await fetch(`${broker.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      expect(await ready.json()).toEqual({ status: "ok", service: "broker", database: "ok" });

      const notReady = await fetch(`${down.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: "error",
        service: "broker",
        database: "unreachable",
      });
      const alive = await fetch(`${down.url}/healthz`);
      expect(alive.status).toBe(200);
      expect(await alive.json()).toEqual({ status: "ok", service: "broker" });

      drain.begin();
      const draining = await fetch(`${broker.url}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toEqual({ status: "shutting_down", service: "broker" });
    } finally {
      await broker.close();
      await down.close();
      await unreachable.$disconnect();
    }
  });
});
