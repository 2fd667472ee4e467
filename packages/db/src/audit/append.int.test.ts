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

test("four clients racing for the tail, event by event, never fork or skip the chain", async () => {
  const before = await prisma.auditEvent.count();
  const clients = [prisma, ...Array.from({ length: 3 }, () => createPrismaClient(database.url))];
  try {
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < 20; i += 1) {
          const events = [0, 1].map((j) =>
            auditEventFields(
              { type: "token.issued", outcome: "SUCCESS", flowId: `race-${c}-${i}-${j}` },
              new Date(),
            ),
          );
          await appendAuditEvents(client, events);
        }
      }),
    );
  } finally {
    await Promise.all(clients.slice(1).map((client) => client.$disconnect()));
  }
  expect(await prisma.auditEvent.count()).toBe(before + 160);
  expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: before + 160 });
});

test("a client whose tail is stale (the tail was cut off) appends onto the real tail", async () => {
  await appendAuditEvent(prisma, auditEventFields({ type: "a", outcome: "SUCCESS" }, new Date()));
  const last = await prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
  await prisma.auditEvent.delete({ where: { id: last.id } });
  await appendAuditEvent(prisma, auditEventFields({ type: "b", outcome: "SUCCESS" }, new Date()));
  const report = await verifyAuditChain(prisma);
  expect(report.ok).toBe(true);
  await prisma.auditEvent.deleteMany({});
  await appendAuditEvent(prisma, auditEventFields({ type: "c", outcome: "SUCCESS" }, new Date()));
  expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: 1 });
  const first = await prisma.auditEvent.findFirstOrThrow({});
  expect(first.prevHash).toBe("0".repeat(64));
});
