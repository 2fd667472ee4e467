/**
 * CPU time by process for `pnpm bench` (issue 16): utime + stime from /proc/<pid>/stat (proc(5)),
 * sampled before and after each timed phase, so the table can say how many milliseconds of
 * CPU one operation costs the broker, the sandbox, PostgreSQL, the peer and the load generator.
 * Linux only: without /proc every sample is undefined and the table prints "—".
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** Clock ticks: user and system time of the process, and of its children it has waited for. */
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/**
 * One /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself
 * contain spaces and parentheses, so the fields after it are counted from the last ")".
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  // Fields 3 … after the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt,
  // cminflt, majflt, cmajflt, utime (14), stime, cutime, cstime (17).
  const rest = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number) => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc stat field ${n} missing`);
    return value;
  };
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** Whether this machine has a Linux /proc to sample. */
export const hasProc = () => readProcStat(process.pid) !== undefined;

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`); 100, Linux's usual, if unknown. */
export function clockTicks(): { perSecond: number; assumed: boolean } {
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    if (Number.isInteger(value) && value > 0) return { perSecond: value, assumed: false };
  } catch {
    // No getconf: fall through to the usual value.
  }
  return { perSecond: 100, assumed: true };
}

/**
 * The pids of `root` and all its descendants, from the ppid of every process in `stats`.
 */
export function descendants(root: number, stats: ProcStat[]): number[] {
  const children = new Map<number, number[]>();
  for (const stat of stats) {
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function allProcesses(): ProcStat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readProcStat(Number(name)) ?? []);
}

/**
 * What a group of processes is: one process alone (utime + stime), or a process with its
 * descendants (`tree`: the CPU of every live member plus what its exited children used,
 * cutime + cstime, so a PostgreSQL backend that ends within a phase still counts, as its
 * postmaster reaps it).
 */
export type CpuGroup = { pid: number; tree?: boolean };

/** CPU ticks used so far by each group; a group whose process is gone is left out. */
export function sampleCpu(groups: Record<string, CpuGroup>): Record<string, number> {
  const needTree = Object.values(groups).some((group) => group.tree);
  const all = needTree ? allProcesses() : [];
  const byPid = new Map(all.map((stat) => [stat.pid, stat]));
  const sample: Record<string, number> = {};
  for (const [name, group] of Object.entries(groups)) {
    if (group.tree) {
      if (!byPid.has(group.pid)) continue;
      sample[name] = descendants(group.pid, all).reduce((sum, pid) => {
        const stat = byPid.get(pid)!;
        return sum + stat.utime + stat.stime + stat.cutime + stat.cstime;
      }, 0);
    } else {
      const stat = readProcStat(group.pid);
      if (stat) sample[name] = stat.utime + stat.stime;
    }
  }
  return sample;
}

/**
 * Milliseconds of CPU per operation by group between two samples, and their total; groups
 * missing from either sample are left out.
 */
export function cpuMsPerOp(
  before: Record<string, number>,
  after: Record<string, number>,
  operations: number,
  ticksPerSecond: number,
): Record<string, number> | undefined {
  if (operations <= 0) return undefined;
  const perOp: Record<string, number> = {};
  let total = 0;
  for (const [name, ticks] of Object.entries(after)) {
    const start = before[name];
    if (start === undefined) continue;
    const ms = (((ticks - start) / ticksPerSecond) * 1000) / operations;
    perOp[name] = ms;
    total += ms;
  }
  if (Object.keys(perOp).length === 0) return undefined;
  return { ...perOp, total };
}

/**
 * The postmaster of the PostgreSQL server behind a backend: the parent of `backendPid` (the
 * bench's own connection, `pg_backend_pid()`), if this machine's /proc shows that backend as
 * a PostgreSQL process (not when the server runs elsewhere or in another pid namespace).
 */
export function postmasterOf(backendPid: number): number | undefined {
  const backend = readProcStat(backendPid);
  if (!backend) return undefined;
  try {
    const title = readFileSync(`/proc/${backendPid}/cmdline`, "utf8");
    const parent = readFileSync(`/proc/${backend.ppid}/cmdline`, "utf8");
    // A backend's title is "postgres: user database …" (update_process_title), else the
    // server's own command line.
    if (!/postgres|postmaster/.test(title) || !/postgres|postmaster/.test(parent)) return undefined;
  } catch {
    return undefined;
  }
  return backend.ppid;
}
