/**
 * Starts the real stack once for all specs: the database (embedded unless DATABASE_URL)
 * with a fresh `lotse_e2e` database, migrated and seeded, and the built apps.
 * Returns the teardown. App output goes to e2e/.logs/stack.log.
 */
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { startStack } from "@lotse/scripts/stack";
import { e2eEnv } from "./env.ts";

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (e2eEnv().LOTSE_E2E_EXTERNAL_STACK === "1") return async () => undefined;
  const logFile = path.join(import.meta.dirname, ".logs", "stack.log");
  const stack = await startStack({
    mode: "start",
    freshDatabase: "lotse_e2e",
    logFile,
    log: (line) => console.log(`[stack] ${line}`),
  });
  console.log(`[stack] ready; app output in ${path.relative(process.cwd(), logFile)}`);
  // Specs register their own test applications in this database (workers inherit it).
  process.env.LOTSE_E2E_DATABASE_URL = stack.databaseUrl;
  return () => stack.stop();
}
