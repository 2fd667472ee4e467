/** The broker's HTTP basics over real HTTP against a real database. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { testServerUrl } from "@lotse/db/testing";
import { createLogger, serveForTest } from "@lotse/server";
import { createBrokerApp } from "./app.js";

const logger = createLogger("broker-test", { level: "silent" });
let prisma: PrismaClient;
let broker: Awaited<ReturnType<typeof serveForTest>>;

beforeAll(async () => {
  prisma = createPrismaClient(testServerUrl());
  broker = await serveForTest(createBrokerApp({ prisma, logger }));
});

afterAll(async () => {
  await broker?.close();
  await prisma?.$disconnect();
});

describe("security headers", () => {
  test("no HSTS for a plain-http issuer (development), HSTS on every answer for an https one", async () => {
    expect(
      (await fetch(`${broker.url}/healthz`)).headers.get("strict-transport-security"),
    ).toBeNull();
    const secure = await serveForTest(createBrokerApp({ prisma, logger, https: true }));
    try {
      const response = await fetch(`${secure.url}/healthz`);
      expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    } finally {
      await secure.close();
    }
  });
});

describe("GET /healthz", () => {
  test("is 200 whenever the process serves (liveness; readiness: test/observability.int.test.ts)", async () => {
    const response = await fetch(`${broker.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", service: "broker" });
  });
});

describe("anything else", () => {
  test("an unknown path is a JSON 404 with security headers", async () => {
    const response = await fetch(`${broker.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });

  test("a wrong method on a known path is 405, not a crash", async () => {
    const response = await fetch(`${broker.url}/healthz`, { method: "DELETE" });
    expect(response.status).toBe(405);
  });
});
