/**
 * `pnpm --filter @lotse/broker kek:rotate` (in an image: `node dist/cli/kek-rotate.js`):
 * re-encrypts every stored private key and the root of the derived secrets under LOTSE_KEK,
 * the new key-encryption key, reading what is still under the old one with
 * LOTSE_KEK_PREVIOUS. Subs, cookies and stored tokens stay valid: the derived secrets keep
 * their root (keys/secret-root.ts). Safe to run again. The runbook, with the restarts around
 * it: docs/operations.md, "Rotating the KEK".
 */
import { createPrismaClient, dataDir } from "@lotse/db";
import { loadBrokerEnv } from "../env.js";
import { loadKek } from "../keys/kek.js";
import { rotateKek } from "../keys/secret-root.js";

const env = loadBrokerEnv();
if (!env.LOTSE_KEK) {
  console.error(
    "kek:rotate: set LOTSE_KEK to the new key-encryption key and LOTSE_KEK_PREVIOUS to the one in use until now",
  );
  process.exit(2);
}
const prisma = createPrismaClient(env.DATABASE_URL);
try {
  const kek = loadKek({
    kek: env.LOTSE_KEK,
    previousKek: env.LOTSE_KEK_PREVIOUS,
    production: env.production,
    dataDir,
  });
  const result = await rotateKek(prisma, kek);
  console.log(
    `kek:rotate: ${result.reencrypted.length} key(s) re-encrypted under ${kek.kid}` +
      (result.alreadyCurrent > 0 ? `, ${result.alreadyCurrent} already were` : ""),
  );
  console.log(
    `kek:rotate: secret root ${result.rootWritten ? "stored under" : "already under"} ${kek.kid}`,
  );
  console.log(
    "kek:rotate: done; remove LOTSE_KEK_PREVIOUS once every instance runs with the new LOTSE_KEK",
  );
} catch (error) {
  console.error(`kek:rotate: ${(error as Error).message}; nothing was changed`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
