import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";
import { parseDatabaseUrl } from "./database-url.js";

export type { PrismaClient };

/** A Prisma client on the given database through the pg driver adapter (DESIGN.md §6). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: parseDatabaseUrl(databaseUrl) });
  return new PrismaClient({ adapter });
}
