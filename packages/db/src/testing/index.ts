/**
 * Helpers for integration tests in any package: a fresh database of its own on the
 * test server (embedded unless DATABASE_URL), migrated unless asked otherwise.
 */
import { randomBytes } from "node:crypto";
import { createPrismaClient, poolOf, type PrismaClient } from "../client.js";
import { dbEnv } from "../env.js";
import { applyMigrations } from "../migrate/index.js";
import { dropDatabase, ensureDatabase, withDatabase } from "../server.js";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * The test run's database server: the global setup (`@lotse/db/testing/global-setup`)
 * hands it to every test file as DATABASE_URL.
 */
export function testServerUrl(): string {
  const url = dbEnv("DATABASE_URL");
  if (url === undefined) {
    throw new Error("DATABASE_URL is not set: add @lotse/db/testing/global-setup to globalSetup");
  }
  return url;
}

export async function createTestDatabase(
  serverUrl: string,
  options: { migrate?: boolean; prefix?: string } = {},
): Promise<TestDatabase> {
  const name = `${options.prefix ?? "lotse_test"}_${randomBytes(5).toString("hex")}`;
  await ensureDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  if (options.migrate ?? true) await applyMigrations(url);
  return { url, name, drop: () => dropDatabase(serverUrl, name) };
}

export interface TestPrisma {
  prisma: PrismaClient;
  database: TestDatabase;
  /** Disconnects the client and drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh migrated database on the test run's server with a Prisma client on it, for a
 * test file's `beforeAll`; `close` in its `afterAll`.
 */
export async function createTestPrisma(): Promise<TestPrisma> {
  const database = await createTestDatabase(testServerUrl());
  const prisma = createPrismaClient(database.url);
  return {
    prisma,
    database,
    async close() {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}

/**
 * Gives every connection of the client's pool the session time zone `zone` (UTC+14 unless
 * told), so a test sees whether a statement lets the session's zone shift the times it
 * stores or reads: the columns are `timestamp(3)` without time zone, holding UTC.
 */
export async function setPoolTimeZone(
  prisma: PrismaClient,
  zone = "Pacific/Kiritimati",
): Promise<void> {
  const pool = poolOf(prisma);
  if (!pool) throw new Error("setPoolTimeZone: the client has no pool of its own");
  const size = pool.options.max ?? 10;
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  try {
    for (const client of clients) await client.query(`set time zone '${zone.replace(/'/g, "''")}'`);
  } finally {
    for (const client of clients) client.release();
  }
}
