/**
 * oidc-provider's hot storage statements through node-postgres (payload-sql.ts), as the
 * adapter uses them: reads of one tick share a statement and still answer each caller,
 * times are UTC whatever the session's time zone, and consume lets exactly one through.
 */
import { poolOf } from "@lotse/db";
import { createTestPrisma, setPoolTimeZone, type TestPrisma } from "@lotse/db/testing";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { PrismaAdapter } from "./prisma-adapter.js";

let db: TestPrisma;

beforeAll(async () => {
  db = await createTestPrisma();
});
afterAll(async () => db?.close());

describe("oidc-provider storage through node-postgres", () => {
  test("the adapter of a createPrismaClient client uses its pool", () => {
    expect(poolOf(db.prisma)).toBeDefined();
  });

  test("finds of one tick, across models, each get their own row (or none)", async () => {
    const access = new PrismaAdapter(db.prisma, "AccessToken");
    const refresh = new PrismaAdapter(db.prisma, "RefreshToken");
    await access.upsert("batch-1", { grantId: "gb", kind: "AccessToken" }, 60);
    await refresh.upsert("batch-1", { grantId: "gb", kind: "RefreshToken" }, 60);
    await refresh.upsert("batch-2", { grantId: "gb", kind: "second" }, 60);

    const found = await Promise.all([
      access.find("batch-1"),
      refresh.find("batch-1"),
      refresh.find("batch-2"),
      access.find("batch-2"),
      refresh.find("batch-1"),
    ]);
    expect(found).toEqual([
      { grantId: "gb", kind: "AccessToken" },
      { grantId: "gb", kind: "RefreshToken" },
      { grantId: "gb", kind: "second" },
      undefined,
      { grantId: "gb", kind: "RefreshToken" },
    ]);
  });

  test("expiry and consumption are read as UTC, also in a session with another time zone", async () => {
    const codes = new PrismaAdapter(db.prisma, "AuthorizationCode");
    // UTC+14: a statement that let the session's zone in would shift times by 14 hours.
    await setPoolTimeZone(db.prisma);
    await codes.upsert("tz-live", { grantId: "gt" }, 30);
    await codes.upsert("tz-gone", { grantId: "gt" }, 1);
    const stored = await db.prisma.oidcPayload.findMany({ where: { type: "AuthorizationCode" } });
    for (const row of stored.filter(
      (row) => row.payload && (row.payload as { grantId?: string }).grantId === "gt",
    )) {
      const seconds = (row.expiresAt!.getTime() - Date.now()) / 1000;
      expect(seconds).toBeGreaterThan(-1);
      expect(seconds).toBeLessThan(31);
      expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(5000);
    }
    expect(await codes.find("tz-live")).toEqual({ grantId: "gt" });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await codes.find("tz-gone")).toBeUndefined();

    const before = Math.floor(Date.now() / 1000);
    const results = await Promise.allSettled([codes.consume("tz-live"), codes.consume("tz-live")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    // The reuse revoked the grant; a fresh code shows the consumed time as stored.
    await codes.upsert("tz-consumed", { grantId: "gt2" }, 60);
    await codes.consume("tz-consumed");
    const consumed = (await codes.find("tz-consumed"))?.consumed as number;
    expect(Math.abs(consumed - before)).toBeLessThanOrEqual(2);
  });

  test("findByUid and destroy are statements of the pool, and keep to their model", async () => {
    const pool = poolOf(db.prisma)!;
    const sessions = new PrismaAdapter(db.prisma, "Session");
    const interactions = new PrismaAdapter(db.prisma, "Interaction");
    await sessions.upsert("s-pool", { uid: "uid-pool", accountId: "a" }, 60);
    await interactions.upsert("s-pool", { uid: "uid-pool", kind: "Interaction" }, 60);
    const query = vi.spyOn(pool, "query");
    try {
      expect(await sessions.findByUid("uid-pool")).toEqual({ uid: "uid-pool", accountId: "a" });
      expect(await interactions.findByUid("uid-pool")).toEqual({
        uid: "uid-pool",
        kind: "Interaction",
      });
      await interactions.destroy("s-pool");
      expect(await interactions.find("s-pool")).toBeUndefined();
      expect(await sessions.find("s-pool")).toEqual({ uid: "uid-pool", accountId: "a" });
      const names = query.mock.calls.map(([config]) => (config as { name?: string }).name);
      expect(names).toEqual(
        expect.arrayContaining(["lotse_oidc_payload_find_by_uid", "lotse_oidc_payload_destroy"]),
      );
    } finally {
      query.mockRestore();
    }
    // Ids PostgreSQL cannot hold were never stored: nothing to find or delete, no error.
    await expect(sessions.destroy("bad\u0000id")).resolves.toBeUndefined();
    expect(await sessions.findByUid("bad\u0000uid")).toBeUndefined();
  });
});
