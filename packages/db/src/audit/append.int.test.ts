/**
 * Against a real PostgreSQL: events whose text a client chose to be malformed (NUL, lone
 * surrogates) are stored, and the chain over them verifies (docs/security.md); racing
 * appends keep one chain; times are stored in UTC whatever the session's time zone.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrismaClient, poolOf, type PrismaClient } from "../client.js";
import { createTestPrisma, setPoolTimeZone, type TestPrisma } from "../testing/index.js";
import { appendAuditEvent, appendAuditEvents, auditEventFields } from "./append.js";
import { verifyAuditChain } from "./verify-chain.js";

let db: TestPrisma;

beforeAll(async () => {
  db = await createTestPrisma();
});
afterAll(async () => db?.close());

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
  for (const draft of drafts)
    await appendAuditEvent(db.prisma, auditEventFields(draft, new Date()));

  expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: 3 });
  const stored = await db.prisma.auditEvent.findFirstOrThrow({
    where: { type: "exchange.mobile" },
  });
  expect(stored.clientId).toBe("demo\uFFFDmobile");
  expect(stored.details).toEqual({ "k\uFFFD": ["\uFFFD", { nested: "a\uFFFDb" }], ok: "Grüße 😀" });
});

test("batches appended at once, from two clients, stay one chain in seq order", async () => {
  const other = createPrismaClient(db.database.url);
  const batch = (name: string) =>
    Array.from({ length: 50 }, (_, i) =>
      auditEventFields(
        { type: "exchange.mobile", outcome: "FAILURE", flowId: `${name}-${i}` },
        new Date(),
      ),
    );
  try {
    await Promise.all(
      ["a", "b", "c", "d"].map((name, i) =>
        appendAuditEvents(i % 2 ? other : db.prisma, batch(name)),
      ),
    );
  } finally {
    await other.$disconnect();
  }
  expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: 203 });
  // A batch is one transaction: its events are consecutive, in the order given.
  const rows = await db.prisma.auditEvent.findMany({
    where: { flowId: { startsWith: "a-" } },
    orderBy: { seq: "asc" },
  });
  expect(rows.map((row) => row.flowId)).toEqual(batch("a").map((fields) => fields.flowId));
  expect(Number(rows.at(-1)!.seq - rows[0]!.seq)).toBe(49);
});

test("four clients racing for the tail, event by event, never fork or skip the chain", async () => {
  const before = await db.prisma.auditEvent.count();
  const clients = [
    db.prisma,
    ...Array.from({ length: 3 }, () => createPrismaClient(db.database.url)),
  ];
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
  expect(await db.prisma.auditEvent.count()).toBe(before + 160);
  expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: before + 160 });
});

test("a client whose tail is stale (the tail was cut off) appends onto the real tail", async () => {
  await appendAuditEvent(
    db.prisma,
    auditEventFields({ type: "a", outcome: "SUCCESS" }, new Date()),
  );
  const last = await db.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
  await db.prisma.auditEvent.delete({ where: { id: last.id } });
  await appendAuditEvent(
    db.prisma,
    auditEventFields({ type: "b", outcome: "SUCCESS" }, new Date()),
  );
  const report = await verifyAuditChain(db.prisma);
  expect(report.ok).toBe(true);
  await db.prisma.auditEvent.deleteMany({});
  await appendAuditEvent(
    db.prisma,
    auditEventFields({ type: "c", outcome: "SUCCESS" }, new Date()),
  );
  expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: 1 });
  const first = await db.prisma.auditEvent.findFirstOrThrow({});
  expect(first.prevHash).toBe("0".repeat(64));
});

test("times are stored as UTC, also when every pooled connection has another time zone", async () => {
  const pool = poolOf(db.prisma)!;
  // UTC+14: a statement that let the session's zone in would shift times by 14 hours.
  await setPoolTimeZone(db.prisma);
  const time = new Date(Date.UTC(2026, 11, 3, 23, 30, 15, 123));
  await appendAuditEvents(db.prisma, [
    auditEventFields(
      { type: "tz.one", outcome: "SUCCESS", details: { n: 1.5, list: [null] } },
      time,
    ),
    auditEventFields({ type: "tz.two", outcome: "FAILURE", errorCode: "x" }, time),
  ]);
  const stored = await db.prisma.auditEvent.findMany({
    where: { type: { startsWith: "tz." } },
    orderBy: { seq: "asc" },
  });
  expect(stored.map((row) => [row.type, row.outcome, row.time.toISOString()])).toEqual([
    ["tz.one", "SUCCESS", "2026-12-03T23:30:15.123Z"],
    ["tz.two", "FAILURE", "2026-12-03T23:30:15.123Z"],
  ]);
  expect(stored[0]!.details).toEqual({ n: 1.5, list: [null] });
  expect(stored[1]!.prevHash).toBe(stored[0]!.hash);
  const { rows } = await pool.query<{ utc: string }>(
    `select to_char("time", 'YYYY-MM-DD"T"HH24:MI:SS.MS') as utc from "AuditEvent" where "type" = 'tz.one'`,
  );
  expect(rows[0]!.utc).toBe("2026-12-03T23:30:15.123");
  expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
});

test("a client without a pool of its own (a transaction's) appends through Prisma, onto the same chain", async () => {
  const before = await db.prisma.auditEvent.count();
  await appendAuditEvent(
    db.prisma,
    auditEventFields({ type: "via.pool", outcome: "SUCCESS" }, new Date()),
  );
  await db.prisma.$transaction(async (tx) => {
    expect(poolOf(tx as PrismaClient)).toBeUndefined();
    await appendAuditEvents(tx as PrismaClient, [
      auditEventFields({ type: "via.prisma", outcome: "SUCCESS", details: { a: "b" } }, new Date()),
    ]);
  });
  // The pool's client still believes in its old tail: its INSERT is refused and retried.
  await appendAuditEvent(
    db.prisma,
    auditEventFields({ type: "via.pool", outcome: "SUCCESS" }, new Date()),
  );
  expect(await db.prisma.auditEvent.count()).toBe(before + 3);
  expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: before + 3 });
});
