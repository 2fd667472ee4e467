/**
 * How a command of ours ends: Ctrl-C, SIGTERM, SIGHUP or the loss of the parent process at
 * any moment, including half-way through start-up, stops everything the command started.
 * The command sees one AbortSignal; whatever it starts either cleans up when that signal
 * fires (startStack does) or registers its cleanup with `onStop`. Imports nothing of the
 * workspace, so it works before any package is built.
 */
export interface Lifecycle {
  /** Aborted when the command must stop. */
  signal: AbortSignal;
  /** Registers an undo step; the steps run last-registered first, once, on the way out. */
  onStop(cleanup: () => Promise<void>): void;
}

/** What a command's main function resolves to: an exit status, or "keep running". */
export type Outcome = number | "running";

/** One of our commands (`pnpm dev`, …), given its lifecycle and the arguments after it. */
export type Command = (lifecycle: Lifecycle, args: string[]) => Promise<Outcome>;

export interface RunOptions {
  name: string;
  /** Exit status after a stop by signal: 0 for a server (`pnpm dev`), non-zero for a run. */
  stoppedStatus: number;
  /** How long the undo steps may take before the process exits anyway. */
  stopTimeoutMs?: number;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export async function runCommand(
  options: RunOptions,
  command: (lifecycle: Lifecycle) => Promise<Outcome>,
): Promise<void> {
  const controller = new AbortController();
  const cleanups: (() => Promise<void>)[] = [];
  let running: Promise<unknown> = Promise.resolve();
  let exiting = false;

  async function exit(status: number): Promise<never> {
    if (!exiting) {
      exiting = true;
      controller.abort();
      const force = setTimeout(() => {
        console.error(`${options.name}: gave up waiting for the stop; exiting`);
        process.exit(status || 1);
      }, options.stopTimeoutMs ?? 60_000);
      force.unref();
      // Whatever is half-started cleans up when its signal fires; wait for that first.
      await running.catch(() => undefined);
      for (const cleanup of cleanups.reverse()) {
        await cleanup().catch((error: unknown) =>
          console.error(`${options.name}: while stopping: ${(error as Error).message}`),
        );
      }
      process.exit(status);
    }
    // A second call while stopping: the first one exits.
    return new Promise<never>(() => undefined);
  }

  const stop = (reason: string) => {
    if (exiting) return;
    console.log(`\n${options.name}: stopping (${reason})…`);
    void exit(options.stoppedStatus);
  };
  for (const signal of SIGNALS) process.on(signal, () => stop(signal));
  // `kill <pid of pnpm>` ends pnpm without passing the signal on; we notice that our
  // parent is gone (we are re-parented) and stop everything, so nothing stays behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("parent process gone");
  }, 500).unref();

  const lifecycle: Lifecycle = {
    signal: controller.signal,
    onStop: (cleanup) => void cleanups.push(cleanup),
  };
  let outcome: Outcome;
  try {
    running = command(lifecycle);
    outcome = (await running) as Outcome;
  } catch (error) {
    if (controller.signal.aborted) return new Promise(() => undefined); // exit() is on it
    console.error(`${options.name}: ${describe(error)}`);
    await exit(1);
    return;
  }
  if (outcome !== "running") await exit(outcome);
}

/** Errors that are the user's to fix (ConfigError) are one line; others say where they came from. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "ConfigError") return error.message;
  return `start-up failed: ${error.message}`;
}
