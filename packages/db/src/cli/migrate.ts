// `pnpm db:migrate`: applies pending migrations from prisma/migrations (DESIGN.md §6).
import { applyMigrations } from "../migrate/index.js";
import { runCli } from "./run.js";

await runCli("db:migrate", async (database) => {
  const started = performance.now();
  const applied = await applyMigrations(database.url);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (applied.length === 0) {
    console.log(`db:migrate: up to date, nothing to apply (${seconds} s)`);
    return;
  }
  for (const name of applied) console.log(`db:migrate: applied ${name}`);
  console.log(`db:migrate: ${applied.length} migration(s) applied (${seconds} s)`);
});
