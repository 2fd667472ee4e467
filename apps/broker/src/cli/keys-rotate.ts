/**
 * `pnpm --filter @lotse/broker keys:rotate`: RETIRED ← CURRENT, CURRENT ← NEXT, new NEXT
 * for the OIDC signing keys (RS256 and ES256). `keys:rotate federation-entity` does the same
 * for the federation entity key that signs the broker's entity configuration; register its
 * NEXT key with the federation before (docs/federation.md, "Rotating the entity key"). Running brokers sign with the new CURRENT
 * after their next restart; the key was already published as NEXT, so relying parties
 * verify its tokens without waiting for a JWKS refresh. The portal's admin console rotates
 * too, but without the KEK it only promotes; there the restart creates the new NEXT.
 */
import { createPrismaClient, dataDir } from "@lotse/db";
import { loadBrokerEnv } from "../env.js";
import { loadKek } from "../keys/kek.js";
import { rotateFederationEntityKeys } from "../keys/federation-entity-keys.js";
import { rotateOidcKeys } from "../keys/oidc-keys.js";

const which = process.argv[2] ?? "oidc";
if (which !== "oidc" && which !== "federation-entity") {
  console.error("keys:rotate: usage: keys:rotate [oidc | federation-entity]");
  process.exit(1);
}

const env = loadBrokerEnv();
const prisma = createPrismaClient(env.DATABASE_URL);
try {
  const kek = loadKek({
    kek: env.LOTSE_KEK,
    production: env.production,
    dataDir: dataDir(),
  });
  // No ensureOidcKeys first: on an empty database the rotation creates CURRENT and NEXT
  // itself, and after a console rotation a NEXT created here would be promoted unseen.
  const result =
    which === "oidc"
      ? await rotateOidcKeys(prisma, kek, { refuseWhileAwaitingNext: true })
      : await rotateFederationEntityKeys(prisma, kek);
  console.log(`keys:rotate: retired ${result.retired.join(", ")}`);
  console.log(`keys:rotate: current ${result.current.join(", ")}`);
  console.log(`keys:rotate: next    ${result.next.join(", ")}`);
  console.log("keys:rotate: restart the broker instances to sign with the new current keys");
} catch (error) {
  console.error(`keys:rotate: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
