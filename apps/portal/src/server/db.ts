import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { env } from "../env";

// On globalThis: `next dev` re-evaluates modules on every change, and each new client
// would open a new connection pool.
const cache = globalThis as typeof globalThis & { lotsePortalPrisma?: PrismaClient };

/** The portal's Prisma client, created on first use (never at build time). */
export function getDb(): PrismaClient {
  cache.lotsePortalPrisma ??= createPrismaClient(env.DATABASE_URL);
  return cache.lotsePortalPrisma;
}
