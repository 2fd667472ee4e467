/** The bench's table (report.ts): the CPU columns. */
import { describe, expect, test } from "vitest";
import type { PhaseResult } from "./load.js";
import { attribution, cpuCell, table } from "./report.js";

const phase = (extra: Partial<PhaseResult>): PhaseResult => ({
  count: 100,
  errors: 0,
  seconds: 5,
  perSecond: 20,
  p50: 300,
  p99: 600,
  steps: {},
  ...extra,
});

describe("CPU ms per operation", () => {
  test("the groups in the order asked, then the total; a missing group or no sample is a dash", () => {
    const lotse = phase({
      cpuMsPerOp: { broker: 33.14, postgres: 11.5, loadGenerator: 4.4, total: 49.04 },
    });
    expect(cpuCell(lotse, ["broker", "sandbox", "postgres"])).toBe("33.1 · — · 11.5 · 49.0");
    expect(cpuCell(phase({}), ["peer"])).toBe("—");
    expect(cpuCell(undefined, ["peer"])).toBe("—");
  });

  test("the table has a CPU column per side", () => {
    const text = table([
      {
        operation: "refresh_token grant",
        peer: phase({
          perSecond: 1400,
          cpuMsPerOp: { peer: 1.06, loadGenerator: 0.16, total: 1.22 },
        }),
        lotse: phase({
          perSecond: 240,
          roundTripsPerOp: 6.5,
          cpuMsPerOp: { broker: 3.6, sandbox: 0, postgres: 1.83, loadGenerator: 0.37, total: 5.8 },
        }),
      },
    ]);
    const [header, , row] = text.split("\n");
    expect(header).toContain("peer CPU ms/op: peer · total");
    expect(header).toContain("Lotse CPU ms/op: broker · sandbox · pg · total");
    expect(row).toContain("1.06 · 1.22");
    expect(row).toContain("3.60 · 0.00 · 1.83 · 5.80");
    expect(row).toContain("6.5");
  });
});

describe("attribution (--attribute)", () => {
  test("each operation's statements under the proxy's count, the broker's own and the proxy's CPU", () => {
    const text = attribution([
      {
        operation: "refresh_token grant",
        lotse: phase({
          roundTripsPerOp: 6.5,
          proxyRoundTripsPerOp: 6.5,
          statementsPerOp: [
            ["select 1", 4.5],
            ["BEGIN", 2],
          ],
          cpuMsPerOp: { broker: 3.6, proxy: 0.67, total: 4.27 },
        }),
      },
      { operation: "discovery", lotse: phase({ roundTripsPerOp: 0 }) },
    ]);
    expect(text.split("\n")).toEqual([
      "refresh_token grant: 6.5 round trips/op by the proxy, 6.5 by the broker's own count; the proxy's CPU 0.67 ms/op",
      "    4.50  select 1",
      "    2.00  BEGIN",
    ]);
  });
});
