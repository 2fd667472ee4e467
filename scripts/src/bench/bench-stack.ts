/**
 * The stack `pnpm bench` measures: its own embedded database (LOTSE_EMBEDDED_PG_PORT,
 * LOTSE_DATA_DIR) with a fresh `lotse_bench` database, migrated and seeded, the built broker
 * and sandbox started as their production start runs them (`node dist/main.js`), on the
 * bench's own ports. The broker counts its database round trips itself (its /metrics); only
 * with `--attribute` does the counting proxy (round-trip-counter.ts) sit between broker and
 * database, to name each round trip's statement. Portal, demo-web and mobile are not needed
 * and not started.
 *
 * Production mode as far as a loopback bench allows: NODE_ENV=production, JSON logs, an
 * explicit LOTSE_KEK, the rate limiter on (raised, so load measures the work, not the
 * refusals). LOTSE_MODE stays `development` only because production mode refuses exactly
 * what a loopback bench needs (apps/broker/src/env.ts: an http issuer, the sandbox's
 * federation master, BROKER_TESTING_PARAMETERS=true); it changes nothing else at run time.
 */
import { fork } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { applyMigrations } from "@lotse/db/migrate";
import { createPrismaClient } from "@lotse/db";
import { seed } from "@lotse/db/seed";
import { dropDatabase, ensureDatabase, startDatabase, withDatabase } from "@lotse/db/server";
import { portFree } from "../ports.js";
import { hasExited, runApp, stopApp, turboBuild, type AppRun } from "../processes.js";
import { brokerRoundTrips } from "./broker-metrics.js";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..", "..");

export interface BenchPorts {
  broker: number;
  sandbox: number;
  /** The sandbox's mTLS listener (sued's mtls_endpoint_aliases). */
  sandboxMtls: number;
  peer: number;
  counter: number;
  database: number;
}

export interface BenchStack {
  brokerUrl: string;
  sandboxUrl: string;
  databaseUrl: string;
  brokerPid: number | undefined;
  sandboxPid: number | undefined;
  /** The counting proxy's process, when the broker's connections go through it (`attribute`). */
  proxyPid?: number;
  roundTrips(): Promise<DbCounts | undefined>;
  stop(): Promise<void>;
}

/**
 * The broker's database round trips so far (its own lotse_broker_db_round_trips_total) and,
 * through the counting proxy (`--attribute`), the proxy's count and its count by statement
 * (SQL text → round trips).
 */
export interface DbCounts {
  roundTrips: number;
  proxyRoundTrips?: number;
  statements?: Record<string, number>;
}

/** A counter child answering "count"; undefined while it is not there. */
async function startCounter(listenPort: number, databasePort: number) {
  const child = fork(
    path.join(import.meta.dirname, "round-trip-counter.ts"),
    [String(listenPort), String(databasePort)],
    { execArgv: ["--import", "tsx"], cwd: path.join(workspaceRoot, "scripts"), stdio: "inherit" },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`the round-trip counter exited (${code})`)));
  });
  return {
    child,
    count: () =>
      new Promise<{ roundTrips: number; statements: Record<string, number> }>((resolve) => {
        child.once("message", resolve);
        child.send("count");
      }),
  };
}

async function waitHealthy(url: string, run: AppRun, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    signal.throwIfAborted();
    if (hasExited(run)) throw new Error(`${run.name} stopped before it was ready; see its log`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${run.name} not healthy after 120 s`);
    await sleep(300);
  }
}

export async function startBenchStack(options: {
  ports: BenchPorts;
  dataDir: string;
  logFile: string;
  /** Extra node flags for the broker (--cpu-prof …). */
  brokerNodeFlags: string[];
  /** false: start the dist/ folders as they are, without the turbo build. */
  build?: boolean;
  /** Route the broker's database connections through the counting proxy (`--attribute`). */
  attribute?: boolean;
  signal: AbortSignal;
  log: (line: string) => void;
}): Promise<BenchStack> {
  const { ports, signal, log } = options;
  const needed = ["broker", "sandbox", "sandboxMtls", "peer"] as const;
  for (const name of options.attribute ? [...needed, "counter" as const] : needed)
    if (!(await portFree(ports[name])))
      throw new Error(
        `port ${ports[name]} (${name}) is in use; set its variable (docs/performance.md)`,
      );

  const database = await startDatabase({
    port: ports.database,
    dataDirectory: path.join(options.dataDir, "postgres"),
    log: (line) => log(`database: ${line}`),
  });
  const runs: AppRun[] = [];
  let counter: Awaited<ReturnType<typeof startCounter>> | undefined;
  const stop = async () => {
    await Promise.all(runs.map((run) => stopApp(run)));
    counter?.child.kill();
    await database.stop();
  };
  try {
    const databaseUrl = withDatabase(database.url, "lotse_bench");
    await dropDatabase(database.url, "lotse_bench");
    await ensureDatabase(database.url, "lotse_bench");
    await applyMigrations(databaseUrl);
    const brokerUrl = `http://localhost:${ports.broker}`;
    const tlsDir = path.join(options.dataDir, "sandbox-tls");
    const sandboxUrl = `http://localhost:${ports.sandbox}`;
    const prisma = createPrismaClient(databaseUrl);
    try {
      await seed(prisma, { sandboxUrl });
    } finally {
      await prisma.$disconnect();
    }
    signal.throwIfAborted();

    log("building broker and sandbox (turbo)");
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    const output = createWriteStream(options.logFile);
    const write = (line: string) => output.write(`${line}\n`);
    // eslint-disable-next-line no-restricted-properties -- the apps inherit the whole environment (PATH, HOME) and validate their own variables.
    const inherited = process.env;
    if (options.build !== false)
      await turboBuild(["@lotse/broker", "@lotse/sandbox"], {
        cwd: workspaceRoot,
        env: { ...inherited, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
        signal,
        write: log,
      });
    else log("not building: measuring the dist/ folders as they are (--no-build)");

    const brokerDatabaseUrl = new URL(databaseUrl);
    if (options.attribute) {
      counter = await startCounter(ports.counter, Number(new URL(database.url).port));
      brokerDatabaseUrl.port = String(ports.counter);
    }

    const common = {
      ...inherited,
      NODE_ENV: "production",
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      BROKER_PORT: String(ports.broker),
      SANDBOX_PORT: String(ports.sandbox),
      BROKER_URL: brokerUrl,
      BROKER_ISSUER: brokerUrl,
      SANDBOX_URL: sandboxUrl,
      LOTSE_DATA_DIR: options.dataDir,
      // The broker trusts the sandbox's mTLS certificate, which the sandbox keeps here.
      UPSTREAM_TLS_CA_FILE: path.join(tlsDir, "server-cert.pem"),
    };
    const sandbox = runApp({
      name: "sandbox",
      width: 7,
      index: 0,
      command: process.execPath,
      args: ["dist/main.js"],
      cwd: path.join(workspaceRoot, "apps", "sandbox"),
      env: {
        ...common,
        DATABASE_URL: databaseUrl,
        SANDBOX_MTLS_PORT: String(ports.sandboxMtls),
        SANDBOX_MTLS_URL: `https://localhost:${ports.sandboxMtls}`,
        SANDBOX_TLS_DIR: tlsDir,
      },
      color: false,
      write,
    });
    runs.push(sandbox);
    const broker = runApp({
      name: "broker",
      width: 7,
      index: 1,
      command: process.execPath,
      args: [...options.brokerNodeFlags, "dist/main.js"],
      cwd: path.join(workspaceRoot, "apps", "broker"),
      env: {
        ...common,
        DATABASE_URL: brokerDatabaseUrl.href,
        LOTSE_MODE: "development",
        BROKER_TESTING_PARAMETERS: "true",
        // Stable for this database (its signing keys are stored encrypted with it).
        LOTSE_KEK: createHash("sha256")
          .update(`lotse-bench-kek:${databaseUrl}`)
          .digest("base64url"),
        // Far above what 8 workers reach: the limiter still counts (one upsert per request),
        // but never refuses.
        BROKER_RATE_LIMIT_PER_MINUTE: "100000000",
        BROKER_CLIENT_RATE_LIMIT_PER_MINUTE: "100000000",
        // The bench reads the round trips from /metrics, open on loopback (a token from the
        // developer's shell would hide them).
        BROKER_METRICS_TOKEN: undefined,
      },
      color: false,
      write,
    });
    runs.push(broker);
    await waitHealthy(sandboxUrl, sandbox, signal);
    await waitHealthy(brokerUrl, broker, signal);
    const activeCounter = counter;
    return {
      brokerUrl,
      sandboxUrl,
      databaseUrl,
      brokerPid: broker.child.pid,
      sandboxPid: sandbox.child.pid,
      ...(activeCounter ? { proxyPid: activeCounter.child.pid } : {}),
      roundTrips: async () => {
        const [own, proxy] = await Promise.all([
          brokerRoundTrips(brokerUrl),
          activeCounter?.count(),
        ]);
        if (own === undefined) return undefined;
        return proxy
          ? { roundTrips: own, proxyRoundTrips: proxy.roundTrips, statements: proxy.statements }
          : { roundTrips: own };
      },
      stop: async () => {
        await stop();
        output.end();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
