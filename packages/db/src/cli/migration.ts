// `pnpm db:migration <name>`: writes a migration with what the schema adds to the
// migrations. Needs a PostgreSQL server only for a throwaway shadow database.
import path from "node:path";
import { createMigration, MIGRATION_NAME } from "../migrate/index.js";
import { runCli } from "./run.js";

const name = process.argv[2];
if (name === undefined || !MIGRATION_NAME.test(name)) {
  console.error(
    `db:migration: usage: pnpm db:migration <name>, the name matching ${String(MIGRATION_NAME)}`,
  );
  process.exit(1);
}

await runCli("db:migration", async (database) => {
  const written = await createMigration(name, database.url);
  if (written === null) {
    console.log("db:migration: the migrations already match the schema; nothing written");
    return;
  }
  const file = path.join("prisma", "migrations", written.name, "migration.sql");
  console.log(`db:migration: wrote ${file}; review it, then run pnpm db:migrate`);
});
