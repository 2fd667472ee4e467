/**
 * The driver adapter the wasm schema engine talks to PostgreSQL through: adapter-pg,
 * fitted to what the engine does that Prisma Client never does (DESIGN.md §6).
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { connectionParts, withDatabase } from "../database-url.js";
import { dropDatabase, ensureDatabase } from "../server.js";
import { EngineClient, withCharColumns } from "./char-type.js";

/** A PostgreSQL error as the engine expects it, so it renders code and message. */
function toDriverAdapterError(error: unknown): unknown {
  const e = error as Partial<pg.DatabaseError>;
  if (typeof e.code !== "string" || typeof e.severity !== "string") return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: e.code,
    severity: e.severity,
    message: e.message ?? "",
    detail: e.detail,
    column: e.column,
    hint: e.hint,
  });
}

// adapter-pg brings its own @types/pg (8.23) while this workspace pins 8.15; at run
// time there is one pg, so its types are taken from adapter-pg where they meet.
type AdapterPgConfig = Extract<ConstructorParameters<typeof PrismaPg>[0], { max?: number }>;
type AdapterPgClient = NonNullable<AdapterPgConfig["Client"]>;
type EnginePool = ReturnType<Awaited<ReturnType<PrismaPg["connect"]>>["underlyingDriver"]>;

async function connectTo(databaseUrl: string, open: Set<EnginePool>): Promise<SqlDriverAdapter> {
  const parts = connectionParts(databaseUrl);
  // Discrete settings, never a connectionString: adapter-pg derives connections from
  // this config by overriding `database`, which a connectionString would silently win.
  // One connection: the engine's advisory lock and its session state must stay on
  // the connection that took them, as with the native engine.
  const factory = new PrismaPg({
    ...parts,
    max: 1,
    Client: EngineClient as unknown as AdapterPgClient,
  });
  const adapter = withCharColumns(await factory.connect());
  const pool = adapter.underlyingDriver();
  open.add(pool);
  const dispose = adapter.dispose.bind(adapter);
  // The engine disposes shadow connections but not its main one (freeing the engine
  // does not call back); cleanUp() ends whatever is left, and pg refuses to end twice.
  adapter.dispose = async () => {
    if (open.delete(pool)) await dispose();
  };
  // adapter-pg splits scripts on every ";" (breaking strings and comments that hold
  // one) and runs the pieces one by one. The native engine sends a migration as one
  // simple-protocol query, which PostgreSQL runs as one implicit transaction; so do we.
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  };
  return adapter;
}

/**
 * pg's end() waits for checked-out connections to come back; after an engine panic
 * one never does, so give it a moment and move on rather than hang.
 */
async function endPool(pool: EnginePool): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    pool.end().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2000);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

export interface EngineAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Closes connections and drops shadow databases the engine left behind. */
  cleanUp(): Promise<void>;
}

/** Shadow database names: recognisable, unique, within PostgreSQL's 63 bytes. */
function shadowName(database: string): string {
  return `${database.slice(0, 36)}_shadow_${randomBytes(6).toString("hex")}`;
}

/**
 * Adapters for the main database and for shadow databases on the same server.
 * The shadow database is created and dropped here, `WITH (FORCE)`: adapter-pg's own
 * connectToShadowDb drops it while its pool is still connected, which fails.
 */
export function engineAdapterFactory(databaseUrl: string): EngineAdapterFactory {
  const shadows = new Set<string>();
  const open = new Set<EnginePool>();
  const drop = async (name: string) => {
    if (!shadows.delete(name)) return;
    await dropDatabase(databaseUrl, name);
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectTo(databaseUrl, open),
    async connectToShadowDb() {
      const name = shadowName(connectionParts(databaseUrl).database);
      shadows.add(name);
      await ensureDatabase(databaseUrl, name);
      const adapter = await connectTo(withDatabase(databaseUrl, name), open);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await drop(name);
      };
      return adapter;
    },
    async cleanUp() {
      await Promise.all([...open].map((pool) => (open.delete(pool) ? endPool(pool) : undefined)));
      await Promise.all([...shadows].map(drop));
    },
  };
}
