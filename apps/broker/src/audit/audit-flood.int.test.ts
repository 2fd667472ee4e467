/**
 * A flood of unauthenticated failures must not stall the audit events of real logins
 * (security review item 4). Every event is one link of one hash chain (DESIGN.md §5), so
 * appends are serialised; the log writes them in batches (one chain transaction per batch,
 * not per event) and a login's events go into the next batch ahead of failures that no
 * client was proven for. Asserted on the order in the chain, not on wall-clock time.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@lotse/db/testing";
import { createLogger } from "@lotse/server";
import { createAuditLog, verifyAuditChain, type AuditLog } from "./index.js";

const FLOOD = 200;
const BATCH = 20;

let database: TestDatabase;
let prisma: PrismaClient;
let audit: AuditLog;

beforeAll(async () => {
  database = await createTestDatabase(testServerUrl());
  prisma = createPrismaClient(database.url);
  audit = createAuditLog(prisma, createLogger("audit-test", { level: "silent" }), {
    maxBatch: BATCH,
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

/** A failed exchange as finish-native-authorization records it: no client proven. */
const failedExchange = (i: number) =>
  audit.record({
    type: "exchange.mobile",
    outcome: "FAILURE",
    errorCode: "invalid_grant",
    errorDescription: "Unknown or expired state.",
    clientIp: "203.0.113.7",
    flowId: `flood-${i}`,
    details: { claimed_client_id: "demo-mobile" },
  });

test("a login's event does not wait behind a flood of failed exchanges, and none is lost", async () => {
  const flood = Array.from({ length: FLOOD }, (_, i) => failedExchange(i));
  // Let the flood reach the database before the login's step arrives.
  await new Promise((resolve) => setTimeout(resolve, 5));

  await audit.record({
    type: "code.issued",
    outcome: "SUCCESS",
    clientId: "demo-web",
    applicationId: "app-demo-web",
    flowId: "login",
  });
  const login = await prisma.auditEvent.findFirstOrThrow({ where: { flowId: "login" } });
  const floodBefore = await prisma.auditEvent.count({
    where: { flowId: { startsWith: "flood-" }, seq: { lt: login.seq } },
  });
  // At most the batch that was being written when the login's event arrived.
  expect(floodBefore).toBeLessThanOrEqual(BATCH);

  await Promise.all(flood);
  expect(await prisma.auditEvent.count({ where: { flowId: { startsWith: "flood-" } } })).toBe(
    FLOOD,
  );
  expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: FLOOD + 1 });
});

test("events written while several logs append at once stay one chain", async () => {
  // Two logs on two clients: two broker instances sharing one database.
  const other = createPrismaClient(database.url);
  try {
    const second = createAuditLog(other, createLogger("audit-test", { level: "silent" }), {
      maxBatch: BATCH,
    });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? audit : second).record({
          type: i % 3 ? "exchange.mobile" : "token.issued",
          outcome: i % 3 ? "FAILURE" : "SUCCESS",
          clientId: i % 3 ? null : "demo-web",
          flowId: `two-${i}`,
        }),
      ),
    );
  } finally {
    await other.$disconnect();
  }
  expect(await prisma.auditEvent.count({ where: { flowId: { startsWith: "two-" } } })).toBe(100);
  expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: FLOOD + 101 });
});
