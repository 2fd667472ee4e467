/**
 * Helpers for integration tests in any package: a fresh database of its own on the
 * test server (embedded unless DATABASE_URL), migrated unless asked otherwise.
 */
import { randomBytes } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "../client.js";
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
