/**
 * The app processes of the stack. Each runs in a process group of its own, so stopping
 * it reaches every process below it (pnpm → sh → next → next-server, or tsx → node),
 * and its output lines carry the app's name in front.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

const COLORS = [35, 32, 36, 34, 33, 31];

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
 * Ends an app and everything it started: SIGTERM to its group, then SIGKILL to whatever
 * is left after the grace period. Resolves when no process of the group remains.
 */
export async function stopApp(run: AppRun, graceMs = 10_000): Promise<void> {
  const pgid = run.child.pid;
  if (pgid === undefined) return;
  signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    signalGroup(pgid, "SIGKILL");
    while (groupAlive(pgid)) await sleep(50);
  }
}
