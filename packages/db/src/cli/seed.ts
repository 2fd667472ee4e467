import { createPrismaClient } from "../client.js";
import { dbEnv } from "../env.js";
import { seed } from "../seed/index.js";
import { runCli } from "./run.js";

await runCli("db:seed", async (database) => {
  const prisma = createPrismaClient(database.url);
  try {
    const result = await seed(prisma, {
      production: dbEnv("NODE_ENV") === "production",
      sandboxUrl: dbEnv("SANDBOX_URL"),
    });
    console.log(
      result.created.length ? `seeded: ${result.created.join(", ")}` : "seed: nothing to do",
    );
  } finally {
    await prisma.$disconnect();
  }
});
