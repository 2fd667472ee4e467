/**
 * `pnpm bench` (issue 16): Lotse side by side with a bare oidc-provider, measured in one
 * run, alternating peer and Lotse per operation, with N concurrent workers for a bounded
 * time each, on loopback only. Starts its own production-built stack (bench/bench-stack.ts)
 * or, with `--reuse <broker url>`, measures a running one (then DATABASE_URL must name its
 * database, for the bench application; RSS and the broker's CPU are only known with
 * `--broker-pid`). Database round trips are the broker's own count from its /metrics;
 * `--attribute` puts the counting proxy on the path to name each one's statement. CPU per
 * operation by process is sampled from /proc (bench/cpu.ts). docs/performance.md describes
 * the method.
 *
 *   pnpm bench [--duration 10] [--workers 8] [--warmup 1] [--only login,refresh]
 *              [--ciba-pool 600] [--json] [--reuse <url> --sandbox <url>] [--broker-pid <pid>]
 *              [--cpu-prof <dir>] [--attribute] [--no-build] [--broker-node-flags "<flags>"]
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_MOBILE } from "@lotse/db/seed";
import { startBenchStack, type BenchStack, type DbCounts } from "../bench/bench-stack.js";
import { brokerMemory, brokerRoundTrips, scrapeMetrics } from "../bench/broker-metrics.js";
import { clockTicks, hasProc, sampleCpu, type CpuGroup } from "../bench/cpu.js";
import { measuredProcesses } from "../bench/measured-processes.js";
import { createAgent } from "../bench/http-client.js";
import { runPhase, rssMb, type StepTimer } from "../bench/load.js";
import {
  cibaOperation,
  discover,
  OPERATIONS,
  type Operation,
  type Target,
} from "../bench/operations.js";
import { PEER_CLIENT, PEER_SUBJECT } from "../bench/peer-client.js";
import { BENCH_APP, BENCH_KVNR, prepareBenchApplication } from "../bench/records.js";
import { readBenchEnv } from "../bench/env.js";
import { attribution, table, type Row } from "../bench/report.js";
import type { Command } from "../lifecycle.js";
import { stopGroup } from "../processes.js";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..", "..");

function numberOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`--${name} must be a positive number`);
  return parsed;
}

function portsFromEnvironment() {
  const env = readBenchEnv();
  return {
    broker: env.BROKER_PORT,
    sandbox: env.SANDBOX_PORT,
    sandboxMtls: env.SANDBOX_MTLS_PORT,
    peer: env.BENCH_PEER_PORT,
    counter: env.BENCH_DB_COUNTER_PORT,
    database: env.LOTSE_EMBEDDED_PG_PORT,
    dataDir: env.dataDir,
    databaseUrl: env.DATABASE_URL,
  };
}

async function startPeer(port: number, signal: AbortSignal) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "..", "bench", "peer.ts"), String(port)],
    {
      cwd: path.join(workspaceRoot, "scripts"),
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const issuer = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const ready = /^peer ready (\S+)/.exec(line);
      if (ready) resolve(ready[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the peer exited (${code})`)));
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  return { issuer, pid: child.pid, stop: () => stopGroup(child.pid, { graceMs: 3000 }) };
}

const bench: Command = async ({ signal, onStop }, args) => {
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: "string" },
      workers: { type: "string" },
      warmup: { type: "string" },
      only: { type: "string" },
      "ciba-pool": { type: "string" },
      json: { type: "boolean" },
      reuse: { type: "string" },
      sandbox: { type: "string" },
      "broker-pid": { type: "string" },
      "cpu-prof": { type: "string" },
      attribute: { type: "boolean" },
      "no-build": { type: "boolean" },
      "broker-node-flags": { type: "string" },
    },
  });
  const duration = numberOption(values.duration, 10, "duration");
  const workers = Math.round(numberOption(values.workers, 8, "workers"));
  const warmup = values.warmup === "0" ? 0 : numberOption(values.warmup, 1, "warmup");
  const cibaPool = Math.round(numberOption(values["ciba-pool"], 600, "ciba-pool"));
  const ports = portsFromEnvironment();
  const log = (line: string) => (values.json ? console.error : console.log)(`bench: ${line}`);

  let stack: Pick<
    BenchStack,
    "brokerUrl" | "sandboxUrl" | "databaseUrl" | "brokerPid" | "sandboxPid" | "proxyPid"
  > & {
    roundTrips: () => Promise<DbCounts | undefined>;
  };
  if (values.reuse) {
    if (!ports.databaseUrl) throw new Error("--reuse needs DATABASE_URL (the stack's database)");
    if (values.attribute) throw new Error("--attribute needs the bench's own stack (no --reuse)");
    const brokerUrl = values.reuse.replace(/\/+$/, "");
    stack = {
      brokerUrl,
      sandboxUrl: (values.sandbox ?? "http://localhost:4100").replace(/\/+$/, ""),
      databaseUrl: ports.databaseUrl,
      brokerPid: values["broker-pid"] ? Number(values["broker-pid"]) : undefined,
      sandboxPid: undefined,
      roundTrips: async () => {
        const roundTrips = await brokerRoundTrips(brokerUrl);
        return roundTrips === undefined ? undefined : { roundTrips };
      },
    };
  } else {
    const started = await startBenchStack({
      ports,
      dataDir: ports.dataDir,
      logFile: path.join(ports.dataDir, "stack.log"),
      build: !values["no-build"],
      attribute: values.attribute === true,
      brokerNodeFlags: [
        // As the production start runs the broker (apps/broker's `start` script, the
        // Dockerfile's CMD); later flags win (`--broker-node-flags=--no-liftoff-only`).
        "--liftoff-only",
        "--max-semi-space-size=8",
        // The heap Node gives the broker under the memory limit of its deployments (512 MiB
        // in the Helm chart and compose.yaml): without it V8 sizes the heap from this
        // machine's memory and the RSS measures the machine, not the deployment.
        "--max-heap-size=259",
        ...(values["cpu-prof"]
          ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`]
          : []),
        // E.g. V8 heap sizes, to see what they do to RSS and throughput.
        ...(values["broker-node-flags"]?.split(/\s+/).filter(Boolean) ?? []),
      ],
      signal,
      log,
    });
    onStop(() => started.stop());
    stack = started;
    log(
      `stack ready (broker ${stack.brokerUrl}, pid ${stack.brokerPid}; log ${path.join(ports.dataDir, "stack.log")})`,
    );
  }
  const secret = await prepareBenchApplication(stack.databaseUrl);
  const peer = await startPeer(ports.peer, signal);
  onStop(() => peer.stop());

  const processes = await measuredProcesses({
    brokerPid: stack.brokerPid,
    sandboxPid: stack.sandboxPid,
    proxyPid: stack.proxyPid,
    peerPid: peer.pid,
    databaseUrl: stack.databaseUrl,
  });
  const ticks = clockTicks();
  const cpuOf = (groups: Record<string, CpuGroup>) =>
    hasProc() ? { sample: () => sampleCpu(groups), ticksPerSecond: ticks.perSecond } : undefined;
  const cpu = { peer: cpuOf(processes.peer), lotse: cpuOf(processes.lotse) };

  const agent = createAgent(workers * 4);
  const nord = `${stack.sandboxUrl}/idp/nord`;
  const testing = { gematik_enable_testing: "true", gematik_login_user: BENCH_KVNR };
  const lotse: Target = {
    name: "lotse",
    issuer: stack.brokerUrl,
    client: { id: BENCH_APP.clientId, secret, redirectUri: BENCH_APP.redirectUri },
    scope: BENCH_APP.scope,
    loginParams: { provider: nord, ...testing },
    inside: new Set([new URL(stack.brokerUrl).origin, new URL(stack.sandboxUrl).origin]),
    mobile: {
      clientId: DEMO_MOBILE.clientId,
      redirectUri: DEMO_MOBILE.redirectUris[0],
      params: { provider: nord, ...testing },
    },
    exchangeAudience: BENCH_APP.exchangeAudience,
    cibaParams: { scope: "openid", login_hint: BENCH_KVNR, provider: nord },
    agent,
  };
  const peerTarget: Target = {
    name: "peer",
    issuer: peer.issuer,
    client: {
      id: PEER_CLIENT.clientId,
      secret: PEER_CLIENT.secret,
      redirectUri: PEER_CLIENT.redirectUri,
    },
    scope: "openid offline_access",
    // oidc-provider issues offline_access only with prompt=consent (the broker adds it itself).
    loginParams: { prompt: "consent" },
    inside: new Set([new URL(peer.issuer).origin]),
    cibaParams: { scope: "openid", login_hint: PEER_SUBJECT },
    agent,
  };
  await Promise.all([discover(lotse), discover(peerTarget)]);

  const ciba = cibaOperation(cibaPool);
  const only = values.only?.split(",").map((part) => part.trim().toLowerCase());
  const operations: Operation[] = [...OPERATIONS, ciba].filter(
    (op) => !only || only.some((part) => op.name.toLowerCase().includes(part)),
  );
  log(
    `measuring ${operations.length} operations, ${workers} workers, ${duration} s each side (warm-up ${warmup} s), peer first`,
  );
  const rows: Row[] = [];
  for (const operation of operations) {
    signal.throwIfAborted();
    const row: Row = {
      operation: operation.name,
      ...(operation.peerNote ? { peerNote: operation.peerNote } : {}),
      ...(operation === ciba ? { latencyStep: "poll" } : {}),
    };
    for (const target of [peerTarget, lotse]) {
      const work = operation.forTarget(target);
      if (!work) continue;
      try {
        const states = await work.prepare(workers);
        const iteration = work.iteration as unknown as (
          state: unknown,
          timer: StepTimer,
        ) => Promise<void>;
        if (warmup > 0 && operation !== ciba)
          await runPhase({ workers: states, seconds: warmup, iteration });
        const sideCpu = target === lotse ? cpu.lotse : cpu.peer;
        const result = await runPhase({
          workers: states,
          seconds: duration,
          iteration,
          ...(target === lotse ? { roundTrips: stack.roundTrips } : {}),
          ...(sideCpu ? { cpu: sideCpu } : {}),
          ...(target === lotse && stack.brokerPid ? { pid: stack.brokerPid } : {}),
        });
        row[target.name] = result;
        log(
          `${operation.name}, ${target.name}: ${result.perSecond.toFixed(1)}/s, ${result.errors} errors`,
        );
      } catch (error) {
        row.note = `${row.note ? `${row.note}; ` : ""}${target.name} not measured: ${(error as Error).message}`;
      }
    }
    if (operation === ciba) {
      const cap = ciba.cap(5);
      const capped = (["peer", "lotse"] as const).filter(
        (side) => (row[side]?.perSecond ?? 0) > 0.9 * cap,
      );
      row.note = `polled at each request's interval (5 s) from a pool of ${cibaPool} pending requests per side: at most ${cap.toFixed(0)}/s${capped.length ? `; ${capped.join(" and ")} reached that cap (a larger --ciba-pool measures more)` : ""}`;
    }
    rows.push(row);
  }

  const machine = `${(await import("node:os")).cpus().length} cores, Node ${process.versions.node}`;
  const rss = rssMb(stack.brokerPid);
  const metricsText = await scrapeMetrics(stack.brokerUrl);
  const memory = metricsText === undefined ? undefined : brokerMemory(metricsText);
  const roundTripsSource = values.attribute
    ? "the broker's own count (lotse_broker_db_round_trips_total); its connections went through the counting proxy, whose count and attribution are listed as well"
    : "the broker's own count (lotse_broker_db_round_trips_total on its /metrics), no proxy on the path";
  const cpuNote = hasProc()
    ? {
        clockTicksPerSecond: ticks.perSecond,
        clockTicksAssumed: ticks.assumed,
        processes: processes.describe,
        total: "the sum of the side's processes, the load generator included",
      }
    : { unavailable: "no /proc (not Linux)" };
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          machine,
          workers,
          duration,
          warmup,
          roundTrips: roundTripsSource,
          cpu: cpuNote,
          rows,
          brokerRssMb: rss,
          brokerMemory: memory,
        },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `\nLotse vs bare oidc-provider, ${workers} workers, ${duration} s per side and operation, ${machine}`,
    );
    if (values.attribute)
      console.log(
        "--attribute: the broker reached PostgreSQL through the counting proxy (one more loopback hop per query, the proxy's CPU in Lotse's total), so Lotse's req/s, latencies and CPU are not those of a run without it",
      );
    console.log(table(rows));
    if (values.attribute)
      console.log(`\nDB round trips per operation by statement:\n\n${attribution(rows)}`);
    console.log(
      `\nbroker RSS at the end: ${rss === undefined ? "unknown" : `${rss.toFixed(0)} MB`}; DB round trips = Sync/Query messages from the broker to PostgreSQL per operation (background work included), ${roundTripsSource}`,
    );
    console.log(
      hasProc()
        ? `CPU ms/op = utime+stime from /proc/<pid>/stat during the timed phase per operation (${ticks.perSecond} ticks/s${ticks.assumed ? ", assumed: getconf CLK_TCK failed" : ""}); pg = ${processes.describe.postgres ?? "not found (the database's server is not on this machine's /proc)"}; total = the side's processes plus the load generator (the bench itself)${stack.proxyPid ? " and the counting proxy" : ""}; --json has each`
        : "CPU ms/op: not measured, no /proc (not Linux)",
    );
    if (memory)
      console.log(
        `broker memory (its /metrics): RSS ${memory.rssMb.toFixed(0)} MB = V8 heap ${memory.heapTotalMb.toFixed(0)} MB (${memory.heapUsedMb.toFixed(0)} MB used) + external ${memory.externalMb.toFixed(0)} MB + the rest ${(memory.rssMb - memory.heapTotalMb - memory.externalMb).toFixed(0)} MB (code, stacks, WebAssembly, native)`,
      );
  }
  return 0;
};

export default bench;
