/** The table `pnpm bench` prints, and its JSON form. */
import type { PhaseResult } from "./load.js";

export interface Row {
  operation: string;
  peerNote?: string;
  peer?: PhaseResult;
  lotse?: PhaseResult;
  /** Why a row is capped or skipped. */
  note?: string;
  /** Use this step's latency instead of the whole iteration's (CIBA: the poll, not the wait). */
  latencyStep?: string;
}

const rate = (r?: PhaseResult) => (r ? r.perSecond.toFixed(r.perSecond < 100 ? 1 : 0) : "—");
const ms = (value?: number) =>
  value === undefined || Number.isNaN(value)
    ? "—"
    : value < 10
      ? value.toFixed(2)
      : value.toFixed(1);

/**
 * CPU ms per operation of these process groups and the total (cpu.ts), "a · b · total";
 * "—" without /proc (not Linux) or for a group not sampled.
 */
export function cpuCell(r: PhaseResult | undefined, groups: string[]): string {
  const cpu = r?.cpuMsPerOp;
  if (!cpu) return "—";
  return [...groups, "total"].map((name) => ms(cpu[name])).join(" · ");
}

function latency(r: PhaseResult | undefined, step?: string): string {
  if (!r) return "—";
  const source = step ? r.steps[step] : r;
  return source ? `${ms(source.p50)} / ${ms(source.p99)}` : "—";
}

export function table(rows: Row[]): string {
  const header = [
    "operation",
    "peer req/s",
    "Lotse req/s",
    "ratio",
    "peer p50/p99 ms",
    "Lotse p50/p99 ms",
    "errors peer/Lotse",
    "DB round trips/op",
    "peer CPU ms/op: peer · total",
    "Lotse CPU ms/op: broker · sandbox · pg · total",
    "broker RSS MB",
  ];
  const lines = rows.map((row) => [
    row.operation + (row.peerNote ? ` (${row.peerNote})` : ""),
    rate(row.peer),
    rate(row.lotse),
    row.peer && row.lotse ? (row.lotse.perSecond / row.peer.perSecond).toFixed(2) : "—",
    latency(row.peer, row.latencyStep),
    latency(row.lotse, row.latencyStep),
    `${row.peer?.errors ?? "—"} / ${row.lotse?.errors ?? "—"}`,
    row.lotse?.roundTripsPerOp !== undefined ? row.lotse.roundTripsPerOp.toFixed(1) : "—",
    cpuCell(row.peer, ["peer"]),
    cpuCell(row.lotse, ["broker", "sandbox", "postgres"]),
    row.lotse?.rssMb !== undefined ? row.lotse.rssMb.toFixed(0) : "—",
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((line) => line[i]!.length)));
  const format = (line: string[]) =>
    `| ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  const out = [
    format(header),
    `|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`,
    ...lines.map(format),
  ];
  const notes = rows.flatMap((row) => [
    ...(row.note ? [`- ${row.operation}: ${row.note}`] : []),
    ...(["peer", "lotse"] as const).flatMap((side) => {
      const r = row[side];
      return r?.firstError ? [`- ${row.operation}, ${side}: first error: ${r.firstError}`] : [];
    }),
    ...Object.entries(row.lotse?.steps ?? {})
      .filter(([name]) => name !== row.latencyStep)
      .map(
        ([name, s]) =>
          `- ${row.operation}, Lotse step "${name}": p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms`,
      ),
  ]);
  return [...out, ...(notes.length ? ["", ...notes] : [])].join("\n");
}

/**
 * Where the round trips of each Lotse phase went (`--attribute`): statement → round trips/op,
 * under the proxy's count next to the broker's own.
 */
export function attribution(rows: Row[]): string {
  return rows
    .filter((row) => row.lotse?.statementsPerOp?.length)
    .map((row) => {
      const r = row.lotse!;
      const lines = r.statementsPerOp!.map(([sql, n]) => `  ${n.toFixed(2).padStart(6)}  ${sql}`);
      const own = r.roundTripsPerOp === undefined ? "—" : r.roundTripsPerOp.toFixed(1);
      const proxyCpu =
        r.cpuMsPerOp?.proxy === undefined
          ? ""
          : `; the proxy's CPU ${ms(r.cpuMsPerOp.proxy)} ms/op`;
      return `${row.operation}: ${r.proxyRoundTripsPerOp?.toFixed(1) ?? "—"} round trips/op by the proxy, ${own} by the broker's own count${proxyCpu}\n${lines.join("\n")}`;
    })
    .join("\n\n");
}
