import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";
import { parseDatabaseUrl } from "./database-url.js";

export type { PrismaClient };

const urls = new WeakMap<PrismaClient, string>();

/** A Prisma client on the given database through the pg driver adapter (DESIGN.md §6). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: parseDatabaseUrl(databaseUrl) });
  const client = new PrismaClient({ adapter });
  urls.set(client, databaseUrl);
  return client;
}

/**
 * The database URL a client of createPrismaClient was made with, for a connection of its
 * own next to the pool (change-feed.ts: LISTEN needs one connection that stays).
 */
export function databaseUrlOf(client: PrismaClient): string | undefined {
  return urls.get(client);
}
