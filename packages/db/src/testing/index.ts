/**
 * Helpers for integration tests in any package: a fresh database of its own on the
 * test server (embedded unless DATABASE_URL), migrated unless asked otherwise.
 */
import { randomBytes } from "node:crypto";
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
