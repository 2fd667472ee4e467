/**
 * Against a real PostgreSQL: events whose text a client chose to be malformed (NUL, lone
 * surrogates) are stored, and the chain over them verifies (docs/security.md).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "../client.js";
import { createTestDatabase, testServerUrl, type TestDatabase } from "../testing/index.js";
import { appendAuditEvent, auditEventFields } from "./append.js";
import { verifyAuditChain } from "./verify-chain.js";

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase(testServerUrl());
  prisma = createPrismaClient(database.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

test("a chain with NUL characters and lone surrogates is stored and verifies", async () => {
  const drafts = [
    { type: "authorize.request", outcome: "SUCCESS" as const, clientId: "demo-web" },
    {
      type: "exchange.mobile",
      outcome: "FAILURE" as const,
      errorDescription: "state \ud800\u0000",
      clientId: "demo\u0000mobile",
      subject: "\udc00",
      userAgent: `${"y".repeat(499)}😀`,
      details: { "k\u0000": ["\ud800", { nested: "a\u0000b" }], ok: "Grüße 😀" },
    },
    { type: "token.issued", outcome: "SUCCESS" as const, clientId: "demo-web" },
  ];
  for (const draft of drafts) await appendAuditEvent(prisma, auditEventFields(draft, new Date()));

  expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: 3 });
  const stored = await prisma.auditEvent.findFirstOrThrow({ where: { type: "exchange.mobile" } });
  expect(stored.clientId).toBe("demo\uFFFDmobile");
  expect(stored.details).toEqual({ "k\uFFFD": ["\uFFFD", { nested: "a\uFFFDb" }], ok: "Grüße 😀" });
});
