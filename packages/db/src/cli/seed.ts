import { createPrismaClient } from "../client.js";
import { seed } from "../seed/index.js";
import { runCli } from "./run.js";

await runCli("db:seed", async (database) => {
  const prisma = createPrismaClient(database.url);
  try {
    const result = await seed(prisma, {
      production: process.env.NODE_ENV === "production",
      sandboxUrl: process.env.SANDBOX_URL,
    });
    console.log(
      result.created.length ? `seeded: ${result.created.join(", ")}` : "seed: nothing to do",
    );
  } finally {
    await prisma.$disconnect();
  }
});
