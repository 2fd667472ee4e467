/**
 * A stop at any moment of start-up leaves nothing behind: no process, no port. Runs real
 * stacks (`pnpm dev`, `pnpm test:e2e`) on ports and an embedded database of their own, so
 * it needs the built workspace: `pnpm test` runs it after the build, as its own layer
 * (`pnpm --filter @lotse/scripts test:stack`). Linux only: it finds the stack's processes
 * by an environment marker in /proc.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { freePort, portFree } from "./ports.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const MARKER = "LOTSE_STACK_TEST_MARKER";

/** Processes whose environment carries the marker: everything the command started. */
function markedProcesses(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8");
      if (environ.split("\0").includes(`${MARKER}=${marker}`)) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

interface Run {
  child: ChildProcess;
  output: string[];
  marker: string;
  ports: number[];
  exited: Promise<void>;
  /** Resolves at the first output line that matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

const started: { run: Run; dataDir: string }[] = [];

/** `pnpm <script>` as a user starts it, in a process group of its own (a terminal's job). */
async function startCommand(script: string): Promise<Run> {
  const marker = randomUUID();
  const ports = {
    PORTAL_PORT: await freePort(),
    DEMO_WEB_PORT: await freePort(),
    BROKER_PORT: await freePort(),
    SANDBOX_PORT: await freePort(),
    SANDBOX_MTLS_PORT: await freePort(),
    MOBILE_PORT: await freePort(),
    LOTSE_EMBEDDED_PG_PORT: await freePort(),
  };
  // The embedded server runs as the system user postgres when we are root: it must enter.
  const dataDir = mkdtempSync(path.join(tmpdir(), "lotse-stack-test-"));
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    // eslint-disable-next-line no-restricted-properties -- the pnpm child under test inherits the whole environment (PATH, HOME).
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    LOTSE_DATA_DIR: dataDir,
    [MARKER]: marker,
  };
  delete env.DATABASE_URL; // the embedded database, so its stop is tested too
  const child = spawn("pnpm", ["run", script], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      output.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  };
  child.stdout.on("data", onLine);
  child.stderr.on("data", onLine);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const run: Run = {
    child,
    output,
    marker,
    ports: Object.values(ports),
    exited,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        if (output.some((line) => pattern.test(line))) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} in:\n${output.join("\n")}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
  started.push({ run, dataDir });
  return run;
}

/** Waits until nothing of the run is left, or the deadline; returns what is left. */
async function leftovers(
  run: Run,
  timeoutMs = 60_000,
): Promise<{ pids: number[]; ports: number[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = markedProcesses(run.marker);
    const ports: number[] = [];
    for (const port of run.ports) if (!(await portFree(port))) ports.push(port);
    if ((pids.length === 0 && ports.length === 0) || Date.now() > deadline) return { pids, ports };
    await sleep(250);
  }
}

afterEach(async () => {
  // A failed test must not leave its stack running for the next one.
  for (const { run, dataDir } of started.splice(0)) {
    for (const pid of markedProcesses(run.marker)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe.runIf(process.platform === "linux")("a stop during start-up", () => {
  test(
    "Ctrl-C while pnpm dev builds leaves no process and no port",
    { timeout: 180_000 },
    async () => {
      const run = await startCommand("dev");
      await run.waitFor(/lotse: building shared packages/);
      expect(markedProcesses(run.marker).length).toBeGreaterThan(0);
      // A terminal's Ctrl-C: SIGINT to the whole foreground job.
      process.kill(-run.child.pid!, "SIGINT");
      await run.exited;
      expect(await leftovers(run)).toEqual({ pids: [], ports: [] });
      expect(run.output.join("\n")).not.toMatch(/Lotse is running/);
      expect(run.output.join("\n")).toMatch(/lotse: stopping \(SIGINT\)/);
    },
  );

  test(
    "SIGTERM to pnpm dev while the apps start leaves no process and no port",
    { timeout: 180_000 },
    async () => {
      const run = await startCommand("dev");
      await run.waitFor(/lotse: starting the apps/);
      // Every app has begun (its first output line), none is ready yet.
      for (const app of ["portal", "demo-web", "broker", "sandbox", "mobile"]) {
        await run.waitFor(new RegExp(`^(\\x1b\\[\\d+m)?${app}\\s+│`));
      }
      const before = markedProcesses(run.marker).length;
      process.kill(run.child.pid!, "SIGTERM");
      expect(await leftovers(run)).toEqual({ pids: [], ports: [] });
      expect(before).toBeGreaterThan(5);
      expect(run.output.join("\n")).not.toMatch(/Lotse is running/);
    },
  );

  test(
    "SIGTERM to pnpm test:e2e while its stack starts leaves no process and no port",
    { timeout: 180_000 },
    async () => {
      const run = await startCommand("test:e2e");
      await run.waitFor(/\[stack\] starting the apps/);
      await sleep(1_000); // the apps are spawned right after that line
      const before = markedProcesses(run.marker).length;
      process.kill(run.child.pid!, "SIGTERM");
      expect(await leftovers(run)).toEqual({ pids: [], ports: [] });
      expect(before).toBeGreaterThan(5);
      expect(run.output.join("\n")).not.toMatch(/\[stack\] ready/);
    },
  );
});
