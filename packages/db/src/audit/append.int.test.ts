/**
 * Against a real PostgreSQL: events whose text a client chose to be malformed (NUL, lone
 * surrogates) are stored, and the chain over them verifies (docs/security.md).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "../client.js";
import { createTestDatabase, testServerUrl, type TestDatabase } from "../testing/index.js";
import { appendAuditEvent, appendAuditEvents, auditEventFields } from "./append.js";
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

test("batches appended at once, from two clients, stay one chain in seq order", async () => {
  const other = createPrismaClient(database.url);
  const batch = (name: string) =>
    Array.from({ length: 50 }, (_, i) =>
      auditEventFields(
        { type: "exchange.mobile", outcome: "FAILURE", flowId: `${name}-${i}` },
        new Date(),
      ),
    );
  try {
    await Promise.all(
      ["a", "b", "c", "d"].map((name, i) => appendAuditEvents(i % 2 ? other : prisma, batch(name))),
    );
  } finally {
    await other.$disconnect();
  }
  expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: 203 });
  // A batch is one transaction: its events are consecutive, in the order given.
  const rows = await prisma.auditEvent.findMany({
    where: { flowId: { startsWith: "a-" } },
    orderBy: { seq: "asc" },
  });
  expect(rows.map((row) => row.flowId)).toEqual(batch("a").map((fields) => fields.flowId));
  expect(Number(rows.at(-1)!.seq - rows[0]!.seq)).toBe(49);
});
