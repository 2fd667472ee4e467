/** The sandbox's landing page and health check over real HTTP against a real database. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { createLogger, serveForTest } from "@lotse/server";
import { createSandboxApp } from "./app.js";
import { loadSandboxEnv } from "./env.js";

let prisma: PrismaClient;
let sandbox: Awaited<ReturnType<typeof serveForTest>>;

beforeAll(async () => {
  const env = loadSandboxEnv({
    DATABASE_URL: process.env.DATABASE_URL,
    BROKER_URL: "http://broker.test:4000",
  });
  prisma = createPrismaClient(env.DATABASE_URL);
  sandbox = await serveForTest(
    createSandboxApp({ env, prisma, logger: createLogger("sandbox-test", { level: "silent" }) }),
  );
});

afterAll(async () => {
  await sandbox?.close();
  await prisma?.$disconnect();
});

test("GET /healthz reports the database", async () => {
  const response = await fetch(`${sandbox.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", service: "sandbox", database: "ok" });
});

test("GET / is an HTML page with a restrictive CSP that links the configured broker", async () => {
  const response = await fetch(sandbox.url);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  const html = await response.text();
  expect(html).toContain('data-testid="sandbox-title"');
  expect(html).toContain('href="http://broker.test:4000/healthz"');
});
