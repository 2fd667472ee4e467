/**
 * Closed-loop load: N workers, each running one operation after the other until the time is
 * up, every iteration timed. Round trips, CPU time by process and the broker's RSS are read
 * around each phase.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { DbCounts } from "./bench-stack.js";
import { cpuMsPerOp } from "./cpu.js";

export interface PhaseResult {
  count: number;
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Latencies of named steps inside an iteration (e.g. the mobile exchange call). */
  steps: Record<string, { p50: number; p99: number }>;
  /** The broker's own count (lotse_broker_db_round_trips_total) per operation. */
  roundTripsPerOp?: number;
  /** The counting proxy's count per operation (`--attribute`), to compare with the broker's. */
  proxyRoundTripsPerOp?: number;
  /** Round trips per operation by statement (SQL text), most first (`--attribute`). */
  statementsPerOp?: [string, number][];
  /** Milliseconds of CPU per operation by process group, and their `total` (cpu.ts). */
  cpuMsPerOp?: Record<string, number>;
  rssMb?: number;
}

export interface StepTimer {
  /** Runs `work` and records its latency under `name`. */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** VmRSS of a process in MB, from /proc/<pid>/status. */
export function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function runPhase<S>(options: {
  workers: S[];
  seconds: number;
  iteration: (state: S, timer: StepTimer) => Promise<void>;
  roundTrips?: () => Promise<DbCounts | undefined>;
  /** CPU ticks so far by process group (cpu.ts sampleCpu), and ticks per second. */
  cpu?: { sample: () => Record<string, number>; ticksPerSecond: number };
  pid?: number;
}): Promise<PhaseResult> {
  const latencies: number[] = [];
  const steps = new Map<string, number[]>();
  const timer: StepTimer = {
    async step(name, work) {
      const start = performance.now();
      const result = await work();
      const list = steps.get(name) ?? [];
      list.push(performance.now() - start);
      steps.set(name, list);
      return result;
    },
  };
  let errors = 0;
  let firstError: string | undefined;
  const before = options.roundTrips ? await options.roundTrips() : undefined;
  const cpuBefore = options.cpu?.sample();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    options.workers.map(async (state) => {
      while (performance.now() < deadline) {
        const start = performance.now();
        try {
          await options.iteration(state, timer);
          latencies.push(performance.now() - start);
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = options.cpu?.sample();
  const after = options.roundTrips ? await options.roundTrips() : undefined;
  latencies.sort((a, b) => a - b);
  const done = latencies.length + errors;
  const cpu =
    cpuBefore && cpuAfter
      ? cpuMsPerOp(cpuBefore, cpuAfter, done, options.cpu!.ticksPerSecond)
      : undefined;
  return {
    count: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    steps: Object.fromEntries(
      [...steps].map(([name, list]) => {
        list.sort((a, b) => a - b);
        return [name, { p50: percentile(list, 50), p99: percentile(list, 99) }];
      }),
    ),
    ...(before !== undefined && after !== undefined && done > 0
      ? { roundTripsPerOp: (after.roundTrips - before.roundTrips) / done }
      : {}),
    ...(before?.proxyRoundTrips !== undefined && after?.proxyRoundTrips !== undefined && done > 0
      ? { proxyRoundTripsPerOp: (after.proxyRoundTrips - before.proxyRoundTrips) / done }
      : {}),
    ...(before?.statements && after?.statements && done > 0
      ? {
          statementsPerOp: Object.entries(after.statements)
            .map(([sql, n]): [string, number] => [
              sql,
              (n - (before.statements?.[sql] ?? 0)) / done,
            ])
            .filter(([, n]) => n > 0)
            .sort((a, b) => b[1] - a[1]),
        }
      : {}),
    ...(cpu ? { cpuMsPerOp: cpu } : {}),
    ...(options.pid ? { rssMb: rssMb(options.pid) } : {}),
  };
}
