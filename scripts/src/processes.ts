/**
 * Child processes of our commands. Each runs in a process group of its own, so stopping
 * it reaches every process below it (pnpm → sh → next → next-server, turbo → its tasks,
 * or tsx → node), and a stop is ours to send: a Ctrl-C in the terminal reaches only our
 * own process, which then stops the groups in order. Imports nothing of the workspace.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

const COLORS = [35, 32, 36, 34, 33, 31];

/** The environment every child of ours gets: no telemetry, no update prompts. */
// eslint-disable-next-line no-restricted-properties -- a child inherits the whole environment (PATH, HOME, the apps' own variables), which no schema lists.
export function quietEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    TURBO_TELEMETRY_DISABLED: "1",
    TURBO_NO_UPDATE_NOTIFIER: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

export interface AppRun {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

export function runApp(options: {
  name: string;
  width: number;
  index: number;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  color: boolean;
  write: (line: string) => void;
}): AppRun {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const label = options.name.padEnd(options.width);
  const prefix = options.color
    ? `\x1b[${COLORS[options.index % COLORS.length]}m${label} │\x1b[0m `
    : `${label} │ `;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on("line", (line) => options.write(`${prefix}${line}`));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { name: options.name, child, exited };
}

export function hasExited(run: AppRun): boolean {
  return run.child.exitCode !== null || run.child.signalCode !== null;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Ends a process group: `first` (SIGTERM unless told), then SIGKILL to whatever is left
 * after the grace period. Resolves when no process of the group remains.
 */
export async function stopGroup(
  pgid: number | undefined,
  { graceMs = 10_000, first = "SIGTERM" }: { graceMs?: number; first?: NodeJS.Signals } = {},
): Promise<void> {
  if (pgid === undefined) return;
  signalGroup(pgid, first);
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    signalGroup(pgid, "SIGKILL");
    while (groupAlive(pgid)) await sleep(50);
  }
}

/** Ends an app and everything it started. */
export function stopApp(run: AppRun, graceMs = 10_000): Promise<void> {
  return stopGroup(run.child.pid, { graceMs });
}

/**
 * Runs a command to its end in a group of its own and resolves with its exit status.
 * When `signal` fires, the group is stopped (turbo and Playwright stop their workers on
 * SIGINT, as after a Ctrl-C) and the promise rejects with the abort reason.
 */
export function runToEnd(
  command: string,
  args: string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    signal: AbortSignal;
    /** Default: inherit stdout/stderr. With `onLine`, output is read line by line instead. */
    onLine?: (line: string) => void;
  },
): Promise<number> {
  options.signal.throwIfAborted();
  const stdio: StdioOptions = options.onLine
    ? ["ignore", "pipe", "pipe"]
    : ["ignore", "inherit", "inherit"];
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio });
  if (options.onLine) {
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on("line", options.onLine);
    }
  }
  return new Promise<number>((resolve, reject) => {
    const abort = () => {
      void stopGroup(child.pid, { first: "SIGINT" }).then(() => reject(options.signal.reason));
    };
    options.signal.addEventListener("abort", abort, { once: true });
    child.once("error", (error) => {
      options.signal.removeEventListener("abort", abort);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      if (options.signal.aborted) return; // `abort` settles once the whole group is gone
      options.signal.removeEventListener("abort", abort);
      // A process that lives on in the group after the leader exited still counts.
      void stopGroup(child.pid, { graceMs: 2_000 }).then(() => resolve(code ?? (signal ? 128 : 1)));
    });
  });
}

/**
 * `turbo run build` for the given filters, quiet unless it fails: then its output is
 * written and the promise rejects. Turbo's cache makes a repeat cheap, and its input
 * hashes make a changed package rebuild, so no stale dist/ survives a change.
 */
export async function turboBuild(
  filters: string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    signal: AbortSignal;
    write: (line: string) => void;
  },
): Promise<void> {
  const lines: string[] = [];
  const code = await runToEnd(
    "pnpm",
    [
      "exec",
      "turbo",
      "run",
      "build",
      "--output-logs=errors-only",
      ...filters.map((filter) => `--filter=${filter}`),
    ],
    {
      cwd: options.cwd,
      env: options.env,
      signal: options.signal,
      onLine: (line) => lines.push(line),
    },
  );
  if (code !== 0) {
    for (const line of lines) options.write(line);
    throw new Error(`the build failed (turbo exit ${code}); see its output above`);
  }
}
