import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";
import { parseDatabaseUrl } from "./database-url.js";

export type { PrismaClient };

/** A Prisma client on the given database through the pg driver adapter (DESIGN.md §6). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: parseDatabaseUrl(databaseUrl) });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { lotsePrisma?: PrismaClient };

/**
 * The process-wide client on DATABASE_URL. Kept on globalThis so Next.js hot reloads
 * do not open a new pool on every change.
 */
export function getPrisma(): PrismaClient {
  if (!globalForPrisma.lotsePrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForPrisma.lotsePrisma = createPrismaClient(url);
  }
  return globalForPrisma.lotsePrisma;
}
