/**
 * lotse_broker_db_round_trips_total (db-round-trips.ts) against a real PostgreSQL: N statements
 * the broker waits for add N, whether Prisma or node-postgres sends them, in either protocol,
 * with BEGIN and COMMIT of a transaction counted, and on connections the pool made before
 * the counting began.
 */
import { poolOf } from "@lotse/db";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countDatabaseRoundTrips } from "./db-round-trips.js";
import { brokerMetrics, registry } from "./registry.js";

let db: TestPrisma;

const counted = async () => (await brokerMetrics.dbRoundTrips.get()).values[0]?.value ?? 0;

/** The round trips `work` added to the counter. */
async function roundTripsOf(work: () => Promise<unknown>): Promise<number> {
  const before = await counted();
  await work();
  return (await counted()) - before;
}

beforeAll(async () => {
  db = await createTestPrisma();
  // Connections the pool already holds when counting begins (main.ts reads the secret
  // root before createBroker): they must count from their next use on.
  const pool = poolOf(db.prisma)!;
  const held = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
  for (const client of held) client.release();
  await db.prisma.organization.findMany();
  countDatabaseRoundTrips(pool);
});
afterAll(async () => db?.close());

describe("lotse_broker_db_round_trips_total", () => {
  test("node-postgres statements count one each, extended and simple protocol, also when they fail", async () => {
    const pool = poolOf(db.prisma)!;
    expect(await roundTripsOf(() => pool.query("select $1::int as n", [1]))).toBe(1);
    expect(await roundTripsOf(() => pool.query("select 1"))).toBe(1);
    const named = { name: "lotse_round_trip_test", text: "select $1::text as t" };
    // The second run skips the Parse message but still waits for one Sync.
    expect(
      await roundTripsOf(async () => {
        for (let i = 0; i < 5; i++) await pool.query({ ...named, values: [String(i)] });
      }),
    ).toBe(5);
    expect(
      await roundTripsOf(() =>
        Promise.all(Array.from({ length: 7 }, (_, i) => pool.query("select $1::int", [i]))),
      ),
    ).toBe(7);
    expect(
      await roundTripsOf(() => pool.query("select * from no_such_table").catch(() => {})),
    ).toBe(1);
  });

  test("Prisma's queries count one each, and a transaction adds its BEGIN and COMMIT", async () => {
    expect(
      await roundTripsOf(async () => {
        for (let i = 0; i < 4; i++) await db.prisma.organization.findMany();
      }),
    ).toBe(4);
    expect(
      await roundTripsOf(() =>
        db.prisma.$transaction(async (tx) => {
          await tx.organization.findMany();
          await tx.application.findMany();
        }),
      ),
    ).toBe(4);
  });

  test("counting the same pool again adds nothing, and /metrics shows the counter", async () => {
    const pool = poolOf(db.prisma)!;
    countDatabaseRoundTrips(pool);
    countDatabaseRoundTrips(pool);
    expect(await roundTripsOf(() => pool.query("select 1"))).toBe(1);
    expect(await registry.metrics()).toMatch(/^lotse_broker_db_round_trips_total \d+$/m);
  });
});
