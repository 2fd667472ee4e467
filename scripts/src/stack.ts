/**
 * Brings up the whole Lotse stack: database (embedded unless DATABASE_URL), migrations,
 * seed, then the four apps through turbo, and waits until every /healthz answers.
 * Used by `pnpm dev` (mode "dev") and by the e2e harness (mode "start": built apps).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPrismaClient } from "@lotse/db";
import { applyMigrations } from "@lotse/db/migrate";
import { seed } from "@lotse/db/seed";
import { ConfigError, dropDatabase, ensureDatabase, startDatabase, withDatabase, type Database } from "@lotse/db/server";
import { envProblems, formatEnvProblems, withoutEmpty } from "@lotse/server/env";
import { z } from "zod";
import { appEnvironment, stackApps, stackEnvShape, type AppProcess, type StackEnv } from "./config.js";
import { portFree } from "./ports.js";

export { ConfigError };

export interface StackOptions {
  mode: "dev" | "start";
  /** Use (and reset) this database instead of the default one; the e2e harness uses its own. */
  freshDatabase?: string;
  /** Where app output goes; defaults to this process's stdout/stderr. */
  logFile?: string;
  log?: (line: string) => void;
  /** How long to wait for every app to answer /healthz. */
  readyTimeoutMs?: number;
  environment?: Record<string, string | undefined>;
}

export interface Stack {
  apps: AppProcess[];
  databaseUrl: string;
  database: Database;
  stop(): Promise<void>;
}

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..");

export function readStackEnv(source: Record<string, string | undefined> = process.env): StackEnv {
  const result = z.object(stackEnvShape).safeParse(withoutEmpty(source));
  if (!result.success) {
    throw new ConfigError(formatEnvProblems("lotse", envProblems(result.error.issues)).replace(/^lotse: /, ""));
  }
  return result.data;
}

async function assertPortsFree(apps: AppProcess[]): Promise<void> {
  for (const app of apps) {
    if (!(await portFree(app.port))) {
      throw new ConfigError(
        `port ${app.port} (${app.name}) is already in use; stop what uses it or set ${app.portVariable}`,
      );
    }
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilHealthy(apps: AppProcess[], child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(apps);
  while (pending.size > 0) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the apps stopped before they were ready (exit ${child.exitCode ?? child.signalCode}); see their output above`);
    }
    for (const app of [...pending]) if (await healthy(app.url)) pending.delete(app);
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      throw new Error(`not healthy after ${Math.round(timeoutMs / 1000)} s: ${[...pending].map((a) => `${a.name} (${a.url}/healthz)`).join(", ")}`);
    }
    await sleep(500);
  }
}

/** Stops the turbo process group: SIGINT first, as a terminal would, then SIGKILL. */
async function stopGroup(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup("SIGINT");
  const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    signalGroup("SIGKILL");
    await exited;
  }
  // Turbo may exit before its children; make sure none of the group outlives us.
  signalGroup("SIGKILL");
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = readStackEnv(options.environment);
  const apps = stackApps(env);
  await assertPortsFree(apps);

  const database = await startDatabase({
    databaseUrl: env.DATABASE_URL,
    port: env.LOTSE_EMBEDDED_PG_PORT,
    log: (line) => log(`database: ${line}`),
  });
  let child: ChildProcess | undefined;
  try {
    let databaseUrl = database.url;
    if (options.freshDatabase) {
      databaseUrl = withDatabase(database.url, options.freshDatabase);
      await dropDatabase(database.url, options.freshDatabase);
      await ensureDatabase(database.url, options.freshDatabase);
    }
    const applied = await applyMigrations(databaseUrl);
    log(`database: ${applied.length ? `applied ${applied.join(", ")}` : "migrations up to date"}`);
    const prisma = createPrismaClient(databaseUrl);
    try {
      const seeded = await seed(prisma);
      log(`database: ${seeded.created.length ? `seeded ${seeded.created.join(", ")}` : "seed up to date"}`);
    } finally {
      await prisma.$disconnect();
    }

    const task = options.mode === "dev" ? "dev" : "start";
    const output = options.logFile
      ? await mkdir(path.dirname(options.logFile), { recursive: true }).then(() => createWriteStream(options.logFile!))
      : undefined;
    child = spawn(
      "pnpm",
      ["exec", "turbo", "run", task, "--output-logs=full", ...apps.map((app) => `--filter=${app.pkg}`)],
      {
        cwd: workspaceRoot,
        // Its own process group, so stop() can end turbo and every app it started.
        detached: true,
        stdio: output ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
        env: {
          // Derived URLs first, so a value set in the environment or .env wins.
          ...appEnvironment(env, databaseUrl),
          ...process.env,
          DATABASE_URL: databaseUrl,
          LOG_FORMAT: options.mode === "dev" ? "pretty" : "json",
          TURBO_TELEMETRY_DISABLED: "1",
          TURBO_NO_UPDATE_NOTIFIER: "1",
          NEXT_TELEMETRY_DISABLED: "1",
          FORCE_COLOR: output ? "0" : (process.env.FORCE_COLOR ?? "1"),
        },
      },
    );
    if (output) {
      child.stdout?.pipe(output);
      child.stderr?.pipe(output);
    }
    await waitUntilHealthy(apps, child, options.readyTimeoutMs ?? 180_000);

    const started = child;
    let stopping: Promise<void> | undefined;
    return {
      apps,
      databaseUrl,
      database,
      stop: () =>
        (stopping ??= (async () => {
          await stopGroup(started);
          output?.end();
          await database.stop();
        })()),
    };
  } catch (error) {
    if (child) await stopGroup(child);
    await database.stop();
    throw error;
  }
}
