import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.js";
import { parseDatabaseUrl } from "./database-url.js";

export type { PrismaClient };

const urls = new WeakMap<PrismaClient, string>();
const pools = new WeakMap<PrismaClient, pg.Pool>();
const connected = new WeakSet<PrismaClient>();

/** A Prisma client on the given database through the pg driver adapter (DESIGN.md §6). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  // The pool is made here rather than inside the adapter so that hot paths can query it
  // directly (poolOf); the adapter still ends it on $disconnect, as it ended its own.
  const pool = new pg.Pool({ connectionString: parseDatabaseUrl(databaseUrl) });
  // node-postgres emits the error of an idle connection (the server ended it) on the pool,
  // and an unheard `error` event ends the process. The adapter listens only once Prisma has
  // connected, which a client used only through poolOf may never do; the pool drops the
  // dead connection either way.
  pool.on("error", () => {});
  // The adapter's own @types/pg is another version of the same pg package (one Pool class at
  // run time, which the adapter checks with instanceof).
  const adapter = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
    disposeExternalPool: true,
  });
  const client = new PrismaClient({ adapter });
  urls.set(client, databaseUrl);
  pools.set(client, pool);
  return client;
}

/**
 * The database URL a client of createPrismaClient was made with, for a connection of its
 * own next to the pool (change-feed.ts: LISTEN needs one connection that stays).
 */
export function databaseUrlOf(client: PrismaClient): string | undefined {
  return urls.get(client);
}

/**
 * The node-postgres pool under a client of createPrismaClient, shared with Prisma, for the
 * few statements run so often that Prisma's per-query work dominates the broker's CPU
 * (issue 16: oidc-provider's storage, docs/performance.md). Only valid until `$disconnect`.
 */
export function poolOf(client: PrismaClient): pg.Pool | undefined {
  const pool = pools.get(client);
  if (pool && !connected.has(client)) {
    connected.add(client);
    // Prisma connects its adapter lazily, and only a connected adapter ends the pool on
    // `$disconnect`: a client whose queries all went through the pool would leave it open.
    void client.$connect().catch(() => {});
  }
  return pool;
}

/**
 * poolOf for code whose statements need the pool: every client of createPrismaClient has one,
 * only a transaction's client (inside `$transaction`) has none, and such code never gets one.
 */
export function requirePool(client: PrismaClient, user: string): pg.Pool {
  const pool = poolOf(client);
  if (!pool) throw new Error(`${user} needs a client of createPrismaClient, not a transaction's`);
  return pool;
}
