/**
 * Brings up the whole Lotse stack: database (embedded unless DATABASE_URL), migrations,
 * seed, builds what the apps need (turbo), starts the apps, and waits until every
 * /healthz answers. A stop (the `signal`) at any step stops what was started so far.
 * Used by `pnpm dev` (mode "dev") and by the e2e harness (mode "start": built apps).
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPrismaClient } from "@lotse/db";
import { applyMigrations } from "@lotse/db/migrate";
import { seed } from "@lotse/db/seed";
import {
  ConfigError,
  dropDatabase,
  ensureDatabase,
  startDatabase,
  withDatabase,
  type Database,
} from "@lotse/db/server";
import { envProblems, formatEnvProblems, withoutEmpty } from "@lotse/server/env";
import { z } from "zod";
import {
  appEnvironment,
  stackApps,
  stackEnvShape,
  stackPorts,
  type AppProcess,
  type StackEnv,
  type StackPort,
} from "./config.js";
import { portFree } from "./ports.js";
import { hasExited, runApp, stopApp, turboBuild, type AppRun } from "./processes.js";

export { ConfigError };

export interface StackOptions {
  mode: "dev" | "start";
  /** Seed for production: no development secrets, no sandbox IDPs (`pnpm start`). */
  production?: boolean;
  /** Use (and reset) this database instead of the default one; the e2e harness uses its own. */
  freshDatabase?: string;
  /** Where app output goes; defaults to this process's stdout/stderr. */
  logFile?: string;
  log?: (line: string) => void;
  /** How long to wait for every app to answer /healthz. */
  readyTimeoutMs?: number;
  environment?: Record<string, string | undefined>;
  /** Stops the start-up: what was started is stopped again and the promise rejects. */
  signal?: AbortSignal;
}

export interface Stack {
  apps: AppProcess[];
  databaseUrl: string;
  database: Database;
  stop(): Promise<void>;
}

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..");

// eslint-disable-next-line no-restricted-properties -- where the stack's schema (config.ts) validates the environment.
export function readStackEnv(source: Record<string, string | undefined> = process.env): StackEnv {
  const result = z.object(stackEnvShape).safeParse(withoutEmpty(source));
  if (!result.success) {
    throw new ConfigError(
      formatEnvProblems("lotse", envProblems(result.error.issues)).replace(/^lotse: /, ""),
    );
  }
  return result.data;
}

async function assertPortsFree(ports: StackPort[]): Promise<void> {
  for (const { name, port, portVariable } of ports) {
    if (!(await portFree(port))) {
      throw new ConfigError(
        `port ${port} (${name}) is already in use; stop what uses it or set ${portVariable}`,
      );
    }
  }
}

async function healthy(url: string, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]),
    });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilHealthy(
  apps: AppProcess[],
  runs: AppRun[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(apps);
  while (pending.size > 0) {
    signal.throwIfAborted();
    const stopped = runs.find(hasExited);
    if (stopped) {
      throw new Error(
        `${stopped.name} stopped before it was ready (exit ${stopped.child.exitCode ?? stopped.child.signalCode}); see its output above`,
      );
    }
    for (const app of [...pending]) if (await healthy(app.url, signal)) pending.delete(app);
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      throw new Error(
        `not healthy after ${Math.round(timeoutMs / 1000)} s: ${[...pending].map((a) => `${a.name} (${a.url}/healthz)`).join(", ")}`,
      );
    }
    await sleep(500, undefined, { signal });
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const signal = options.signal ?? new AbortController().signal;
  const env = readStackEnv(options.environment);
  const apps = stackApps(env);
  await assertPortsFree(stackPorts(env));

  // Not abortable half-way (it takes about a second); a stop meanwhile is seen right after.
  const database = await startDatabase({
    databaseUrl: env.DATABASE_URL,
    port: env.LOTSE_EMBEDDED_PG_PORT,
    log: (line) => log(`database: ${line}`),
  });
  let runs: AppRun[] = [];
  try {
    signal.throwIfAborted();
    let databaseUrl = database.url;
    if (options.freshDatabase) {
      databaseUrl = withDatabase(database.url, options.freshDatabase);
      await dropDatabase(database.url, options.freshDatabase);
      await ensureDatabase(database.url, options.freshDatabase);
    }
    signal.throwIfAborted();
    const applied = await applyMigrations(databaseUrl);
    signal.throwIfAborted();
    log(`database: ${applied.length ? `applied ${applied.join(", ")}` : "migrations up to date"}`);
    const prisma = createPrismaClient(databaseUrl);
    try {
      const seeded = await seed(prisma, {
        sandboxUrl: appEnvironment(env, databaseUrl).SANDBOX_URL,
        production: options.production,
      });
      log(
        `database: ${seeded.created.length ? `seeded ${seeded.created.join(", ")}` : "seed up to date"}`,
      );
    } finally {
      await prisma.$disconnect();
    }

    const output = options.logFile
      ? await mkdir(path.dirname(options.logFile), { recursive: true }).then(() =>
          createWriteStream(options.logFile!),
        )
      : undefined;
    const write = output
      ? (line: string) => output.write(`${line}\n`)
      : (line: string) => console.log(line);
    const childEnv: NodeJS.ProcessEnv = {
      // Derived URLs first, so a value set in the environment or .env wins.
      ...appEnvironment(env, databaseUrl),
      // eslint-disable-next-line no-restricted-properties -- the apps inherit the whole environment (PATH, their own variables) and validate it themselves.
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_FORMAT: options.mode === "dev" ? "pretty" : "json",
      TURBO_TELEMETRY_DISABLED: "1",
      TURBO_NO_UPDATE_NOTIFIER: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      ...(output ? { NO_COLOR: "1" } : {}),
    };
    signal.throwIfAborted();
    log(options.mode === "dev" ? "building shared packages" : "building the apps");
    await turboBuild(
      apps.map((app) => `${app.pkg}${options.mode === "dev" ? "^..." : ""}`),
      { cwd: workspaceRoot, env: childEnv, signal, write },
    );

    log("starting the apps");
    const width = Math.max(...apps.map((app) => app.name.length));
    runs = apps.map((app, index) =>
      runApp({
        name: app.name,
        width,
        index,
        command: "pnpm",
        args: ["--silent", "run", options.mode === "dev" ? "dev" : "start"],
        cwd: path.join(workspaceRoot, "apps", app.name),
        env: childEnv,
        color: !output && process.stdout.isTTY === true,
        write,
      }),
    );
    await waitUntilHealthy(apps, runs, options.readyTimeoutMs ?? 180_000, signal);

    const started = runs;
    let stopping: Promise<void> | undefined;
    return {
      apps,
      databaseUrl,
      database,
      stop: () =>
        (stopping ??= (async () => {
          await Promise.all(started.map((run) => stopApp(run)));
          output?.end();
          await database.stop();
        })()),
    };
  } catch (error) {
    // Also the way out of a stop during start-up: nothing started may outlive it.
    await Promise.all(runs.map((run) => stopApp(run)));
    await database.stop();
    throw error;
  }
}
