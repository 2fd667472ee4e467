/**
 * Several brokers on one database behind one URL, as a deployment runs them (issue 17): the
 * built broker and sandbox started as their production start runs them (`node dist/main.js`),
 * each in a process group of its own, on a fresh migrated and seeded database of the given
 * server, and a round-robin proxy in front of the brokers whose URL is the issuer. Every
 * broker gets the same issuer, KEK and database; nothing else ties them together.
 *
 * LOTSE_MODE stays `development` only because production mode refuses what a loopback test
 * needs (an http issuer, the sandbox's federation master, the testing parameters), as in the
 * bench (scripts/src/bench/bench-stack.ts); the processes run with NODE_ENV=production.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPrismaClient } from "@lotse/db";
import { seed } from "@lotse/db/seed";
import { createTestDatabase, type TestDatabase } from "@lotse/db/testing";
import { freePort } from "../ports.js";
import { hasExited, runApp, stopApp, stopGroup, turboBuild, type AppRun } from "../processes.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy.js";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..", "..");

export interface BrokerInstance {
  /** Its own address, behind the proxy. */
  url: string;
  run: AppRun;
  /** `kill -9` of its process group: no shutdown, no goodbye to the database. */
  kill(): Promise<void>;
}

export interface Cluster {
  /** The proxy's URL: the issuer every broker was given. */
  issuer: string;
  sandboxUrl: string;
  databaseUrl: string;
  proxy: RoundRobinProxy;
  brokers: BrokerInstance[];
  /** Every line the processes wrote, prefixed with their name, for a failed test's report. */
  output: string[];
  stop(): Promise<void>;
}

async function waitHealthy(url: string, run: AppRun, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(run)) throw new Error(`${run.name} stopped before it was ready`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${run.name} not healthy after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * Builds broker and sandbox (turbo: a no-op after `pnpm test`'s build), creates a database on
 * `serverUrl`, and starts sandbox, brokers and proxy. What started is stopped on failure.
 */
export async function startCluster(options: {
  serverUrl: string;
  brokers: number;
  /** Extra environment of every broker. */
  brokerEnv?: Record<string, string>;
}): Promise<Cluster> {
  const output: string[] = [];
  const write = (line: string) => output.push(line);
  const signal = new AbortController().signal;
  // eslint-disable-next-line no-restricted-properties -- the apps inherit the whole environment (PATH, HOME) and validate their own variables.
  const inherited = process.env;
  await turboBuild(["@lotse/broker", "@lotse/sandbox"], {
    cwd: workspaceRoot,
    env: { ...inherited, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
    signal,
    write,
  });
  const runs: AppRun[] = [];
  let database: TestDatabase | undefined;
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;
  // Where a development KEK would go; the brokers get LOTSE_KEK, so nothing is written there.
  const dataDir = mkdtempSync(path.join(tmpdir(), "lotse-scale-out-"));
  const stop = async () => {
    await proxy?.close();
    await Promise.all(runs.map((run) => stopApp(run)));
    await database?.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    database = await createTestDatabase(options.serverUrl, { prefix: "lotse_scale_out" });
    proxy = await startRoundRobinProxy();
    const issuer = proxy.url;
    const sandboxUrl = `http://localhost:${await freePort()}`;
    const prisma = createPrismaClient(database.url);
    try {
      await seed(prisma, { sandboxUrl });
    } finally {
      await prisma.$disconnect();
    }

    const common = {
      ...inherited,
      NODE_ENV: "production",
      LOG_FORMAT: "json",
      LOG_LEVEL: "warn",
      DATABASE_URL: database.url,
      LOTSE_DATA_DIR: dataDir,
      BROKER_URL: issuer,
      SANDBOX_URL: sandboxUrl,
    };
    const start = (name: string, app: string, env: Record<string, string | undefined>) => {
      const run = runApp({
        name,
        width: 8,
        index: runs.length,
        command: process.execPath,
        args: ["dist/main.js"],
        cwd: path.join(workspaceRoot, "apps", app),
        env: { ...common, ...env },
        color: false,
        write,
      });
      runs.push(run);
      return run;
    };
    // The sandbox's mTLS listener (sued's aliases) on a free port; its certificate in the data
    // folder, which the brokers trust upstream.
    const mtlsPort = await freePort();
    const tlsDir = path.join(dataDir, "sandbox-tls");
    const sandbox = start("sandbox", "sandbox", {
      SANDBOX_PORT: new URL(sandboxUrl).port,
      SANDBOX_MTLS_PORT: String(mtlsPort),
      SANDBOX_MTLS_URL: `https://localhost:${mtlsPort}`,
      SANDBOX_TLS_DIR: tlsDir,
    });
    const kek = randomBytes(32).toString("base64url");
    const brokers: BrokerInstance[] = [];
    for (let index = 0; index < options.brokers; index += 1) {
      const port = await freePort();
      const run = start(`broker-${index + 1}`, "broker", {
        BROKER_PORT: String(port),
        BROKER_ISSUER: issuer,
        LOTSE_MODE: "development",
        BROKER_TESTING_PARAMETERS: "true",
        // One KEK for all: cookie keys, subs and the stored signing keys derive from it.
        LOTSE_KEK: kek,
        // The proxy appends X-Forwarded-For.
        BROKER_TRUSTED_PROXIES: "1",
        // Every test client comes from one address; the limiter still counts, never refuses.
        BROKER_RATE_LIMIT_PER_MINUTE: "100000000",
        BROKER_CLIENT_RATE_LIMIT_PER_MINUTE: "100000000",
        UPSTREAM_TLS_CA_FILE: path.join(tlsDir, "server-cert.pem"),
        ...options.brokerEnv,
      });
      brokers.push({
        url: `http://localhost:${port}`,
        run,
        kill: () => stopGroup(run.child.pid, { first: "SIGKILL" }),
      });
    }
    proxy.setTargets(brokers.map((broker) => broker.url));
    // All at once: the brokers also race to create the signing keys on the fresh database.
    await Promise.all([
      waitHealthy(sandboxUrl, sandbox),
      ...brokers.map((broker) => waitHealthy(broker.url, broker.run)),
    ]);
    return {
      issuer,
      sandboxUrl,
      databaseUrl: database.url,
      proxy,
      brokers,
      output,
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-40).join("\n")}`, {
      cause: error,
    });
  }
}
