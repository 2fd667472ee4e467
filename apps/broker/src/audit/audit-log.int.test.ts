/** The hash-chained audit log against a real PostgreSQL (DESIGN.md §5). */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@lotse/db/testing";
import { createLogger } from "@lotse/server";
import { createAuditLog, verifyAuditChain, type AuditLog } from "./index.js";

let database: TestDatabase;
let prisma: PrismaClient;
let audit: AuditLog;

beforeAll(async () => {
  database = await createTestDatabase(testServerUrl());
  prisma = createPrismaClient(database.url);
  audit = createAuditLog(prisma, createLogger("audit-test", { level: "silent" }));
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("audit log", () => {
  test("an empty chain verifies", async () => {
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: 0 });
  });

  test("links each event to the one before", async () => {
    await audit.record({
      type: "authorize.request",
      outcome: "SUCCESS",
      clientId: "demo-web",
      flowId: "flow-1",
    });
    await audit.record({
      type: "idp.chosen",
      outcome: "SUCCESS",
      clientId: "demo-web",
      flowId: "flow-1",
      upstreamIdp: "https://idp.example",
    });
    const [first, second] = await prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(first!.prevHash).toBe("0".repeat(64));
    expect(second!.prevHash).toBe(first!.hash);
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: 2 });
  });

  test("stays one chain when many events are appended at once", async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        audit.record({ type: "token.issued", outcome: "SUCCESS", flowId: `parallel-${i}` }),
      ),
    );
    const report = await verifyAuditChain(prisma);
    expect(report).toEqual({ ok: true, checked: 27 });
  });

  test("never stores secrets, tokens, codes or a KVNR in the details", async () => {
    await audit.record({
      type: "upstream.callback",
      outcome: "FAILURE",
      errorCode: "invalid_grant",
      flowId: "flow-secrets",
      details: {
        client_secret: "s3cret",
        code: "abc",
        refresh_token: "rt",
        nested: { access_token: "at", note: "person X110411675 failed" },
        redirect_uri: "http://localhost:3001/cb",
      },
    });
    const row = await prisma.auditEvent.findFirstOrThrow({ where: { flowId: "flow-secrets" } });
    const stored = JSON.stringify(row.details);
    for (const forbidden of ["s3cret", '"abc"', '"rt"', '"at"', "X110411675"])
      expect(stored).not.toContain(forbidden);
    expect(row.details).toEqual({
      nested: { note: "person X********* failed" },
      redirect_uri: "http://localhost:3001/cb",
    });
  });

  test("detects an event changed after the fact", async () => {
    const victim = await prisma.auditEvent.findFirstOrThrow({
      where: { flowId: "flow-1", type: "idp.chosen" },
    });
    await prisma.auditEvent.update({ where: { id: victim.id }, data: { outcome: "FAILURE" } });
    const report = await verifyAuditChain(prisma);
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toEqual({ seq: victim.seq, id: victim.id, reason: "hash" });
  });

  test("detects an event removed from the middle", async () => {
    // Restore the changed row first so only the removal is reported.
    const changed = await prisma.auditEvent.findFirstOrThrow({
      where: { flowId: "flow-1", type: "idp.chosen" },
    });
    await prisma.auditEvent.update({ where: { id: changed.id }, data: { outcome: "SUCCESS" } });
    expect((await verifyAuditChain(prisma)).ok).toBe(true);

    const removed = await prisma.auditEvent.findFirstOrThrow({ where: { flowId: "parallel-3" } });
    await prisma.auditEvent.delete({ where: { id: removed.id } });
    const report = await verifyAuditChain(prisma);
    expect(report.ok).toBe(false);
    expect(report.brokenAt?.reason).toBe("prev-hash");
    expect(report.brokenAt!.seq > removed.seq).toBe(true);
  });
});
