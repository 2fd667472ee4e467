/** CPU time by process from /proc (cpu.ts): the stat line, process trees, the arithmetic. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, test } from "vitest";
import {
  cpuMsPerOp,
  descendants,
  hasProc,
  parseProcStat,
  postmasterOf,
  sampleCpu,
  type ProcStat,
} from "./cpu.js";

// proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
// cmajflt utime stime cutime cstime priority nice …
const line = (comm: string) =>
  `4242 (${comm}) S 17 4242 4242 0 -1 4194560 1200 300 0 0 731 245 12 3 20 0 11 0 3237419 1011712000 30000 18446744073709551615`;

describe("parseProcStat", () => {
  test("reads pid, ppid and the four times", () => {
    expect(parseProcStat(line("node"))).toEqual({
      pid: 4242,
      comm: "node",
      ppid: 17,
      utime: 731,
      stime: 245,
      cutime: 12,
      cstime: 3,
    });
  });

  test("a command name with spaces and parentheses does not shift the fields", () => {
    const stat = parseProcStat(line("postgres: a (b) c) S 1 2"));
    expect(stat.comm).toBe("postgres: a (b) c) S 1 2");
    expect([stat.ppid, stat.utime, stat.stime, stat.cutime, stat.cstime]).toEqual([
      17, 731, 245, 12, 3,
    ]);
  });

  test("a truncated or foreign line is refused, not read as zeros", () => {
    expect(() => parseProcStat("4242 (node) S 17 4242")).toThrow(/field 14 missing/);
    expect(() => parseProcStat("no parentheses here")).toThrow(/not a \/proc stat line/);
  });
});

describe("descendants", () => {
  const stat = (pid: number, ppid: number): ProcStat => ({
    pid,
    ppid,
    comm: "p",
    utime: 0,
    stime: 0,
    cutime: 0,
    cstime: 0,
  });

  test("the root, its children and their children, nothing else", () => {
    const all = [stat(1, 0), stat(10, 1), stat(11, 10), stat(12, 10), stat(13, 11), stat(20, 1)];
    expect(descendants(10, all).sort((a, b) => a - b)).toEqual([10, 11, 12, 13]);
    expect(descendants(12, all)).toEqual([12]);
  });
});

describe("cpuMsPerOp", () => {
  test("ticks become milliseconds per operation, with a total of the groups in both samples", () => {
    const perOp = cpuMsPerOp(
      { broker: 1000, postgres: 500, gone: 7 },
      { broker: 1330, postgres: 615, born: 3 },
      10,
      100,
    );
    expect(perOp).toEqual({ broker: 330, postgres: 115, total: 445 });
  });

  test("no operations or no common group: nothing", () => {
    expect(cpuMsPerOp({ a: 1 }, { a: 2 }, 0, 100)).toBeUndefined();
    expect(cpuMsPerOp({ a: 1 }, { b: 2 }, 5, 100)).toBeUndefined();
  });
});

describe.runIf(hasProc())("sampling this machine's /proc", () => {
  test("a process tree includes the CPU of a child that has exited and been reaped", async () => {
    const tree = { self: { pid: process.pid, tree: true }, alone: { pid: process.pid } };
    const before = sampleCpu(tree);
    // The child burns CPU, reports how much, and exits; Node reaps it, so its time moves into
    // this process's cutime + cstime.
    const child = spawn(
      process.execPath,
      [
        "-e",
        "const end = Date.now() + 400; while (Date.now() < end); const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await once(child, "exit");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = sampleCpu(tree);
    const childMs = Number(output.trim());
    expect(childMs).toBeGreaterThan(50);
    const ms = cpuMsPerOp(before, after, 1, 100)!;
    // One tick (10 ms) of rounding per time field.
    expect(ms.self! - ms.alone!).toBeGreaterThanOrEqual(childMs - 30);
  });

  test("a process that is not PostgreSQL has no postmaster", () => {
    expect(postmasterOf(process.pid)).toBeUndefined();
    expect(postmasterOf(2 ** 30)).toBeUndefined();
  });
});
