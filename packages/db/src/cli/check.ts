// `pnpm db:check`: fails when the schema has changes no migration contains (CI runs
// it). Replays the migrations into a throwaway shadow database; the database itself
// is not touched.
import { checkMigrations } from "../migrate/index.js";
import { runCli } from "./run.js";

await runCli("db:check", async (database) => {
  const started = performance.now();
  const { ok, sql } = await checkMigrations(database.url);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (ok) {
    console.log(`db:check: the migrations match prisma/schema.prisma (${seconds} s)`);
    return 0;
  }
  console.error("db:check: prisma/schema.prisma has changes that no migration contains:\n");
  console.error(sql.trimEnd());
  console.error("\ndb:check: run pnpm db:migration <name> to write them as a migration");
  return 1;
});
