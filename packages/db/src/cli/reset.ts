// `pnpm db:reset`: drops the database, recreates it, applies every migration and
// seeds it. All data in that database is lost.
import { createPrismaClient } from "../client.js";
import { connectionParts } from "../database-url.js";
import { applyMigrations } from "../migrate/index.js";
import { dbEnv } from "../env.js";
import { seed } from "../seed/index.js";
import { dropDatabase, ensureDatabase } from "../server.js";
import { runCli } from "./run.js";

await runCli("db:reset", async (database) => {
  const { database: name } = connectionParts(database.url);
  await dropDatabase(database.url, name);
  await ensureDatabase(database.url, name);
  console.log(`db:reset: dropped and recreated database "${name}"`);
  const applied = await applyMigrations(database.url);
  console.log(`db:reset: applied ${applied.length} migration(s)`);
  const prisma = createPrismaClient(database.url);
  try {
    const result = await seed(prisma, {
      production: dbEnv("NODE_ENV") === "production",
      sandboxUrl: dbEnv("SANDBOX_URL"),
    });
    console.log(
      result.created.length
        ? `db:reset: seeded ${result.created.join(", ")}`
        : "db:reset: seed had nothing to do",
    );
  } finally {
    await prisma.$disconnect();
  }
});
