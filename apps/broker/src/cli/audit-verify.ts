/**
 * `pnpm --filter @lotse/broker audit:verify`: checks the audit log's hash chain
 * (DESIGN.md §5) on DATABASE_URL's database, or the embedded one. Exit 1 when broken.
 */
import { createPrismaClient } from "@lotse/db";
import { ConfigError, startDatabase } from "@lotse/db/server";
import { verifyAuditChain } from "../audit/index.js";

let status = 0;
const database = await startDatabase().catch((error: unknown) => {
  console.error(
    `audit:verify: ${error instanceof ConfigError ? "" : "database: "}${(error as Error).message}`,
  );
  process.exit(1);
});
const prisma = createPrismaClient(database.url);
try {
  const report = await verifyAuditChain(prisma);
  if (report.ok) {
    console.log(`audit:verify: the chain is intact (${report.checked} events)`);
  } else {
    const { seq, id, reason } = report.brokenAt!;
    console.error(
      `audit:verify: the chain is BROKEN at event #${seq} (${id}): ` +
        (reason === "hash"
          ? "its contents were changed"
          : "the event before it was changed, removed or reordered") +
        ` (${report.checked} events verified before it)`,
    );
    status = 1;
  }
} catch (error) {
  console.error(`audit:verify: failed: ${(error as Error).message}`);
  status = 1;
} finally {
  await prisma.$disconnect();
  await database.stop();
}
process.exit(status);
