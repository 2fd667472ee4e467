/** Reading the broker's /metrics text (broker-metrics.ts). */
import { describe, expect, test } from "vitest";
import { brokerMemory, metricValue, ROUND_TRIPS_METRIC } from "./broker-metrics.js";

const exposition = `# HELP lotse_broker_db_round_trips_total Round trips to PostgreSQL the broker waited for.
# TYPE lotse_broker_db_round_trips_total counter
lotse_broker_db_round_trips_total 123456
lotse_broker_db_round_trips_total_other 9
lotse_broker_logins_total{outcome="success",insurer="x",application="y"} 5
process_resident_memory_bytes 1.572864e+8
nodejs_heap_size_total_bytes 62914560
nodejs_heap_size_used_bytes 52428800
nodejs_external_memory_bytes 10485760
weird NaN
`;

describe("metricValue", () => {
  test("reads an unlabelled sample, exponent notation included", () => {
    expect(metricValue(exposition, ROUND_TRIPS_METRIC)).toBe(123456);
    expect(metricValue(exposition, "process_resident_memory_bytes")).toBe(157286400);
    expect(metricValue("a{} 4\n", "a")).toBe(4);
  });

  test("a longer name, a labelled sample, a missing one or a non-number is not a value", () => {
    expect(metricValue(exposition, "lotse_broker_db_round_trips")).toBeUndefined();
    expect(metricValue(exposition, "lotse_broker_logins_total")).toBeUndefined();
    expect(metricValue(exposition, "absent_total")).toBeUndefined();
    expect(metricValue(exposition, "weird")).toBeUndefined();
  });
});

describe("brokerMemory", () => {
  test("in MB", () => {
    expect(brokerMemory(exposition)).toEqual({
      rssMb: 150,
      heapTotalMb: 60,
      heapUsedMb: 50,
      externalMb: 10,
    });
  });

  test("undefined when a part is missing", () => {
    expect(brokerMemory("process_resident_memory_bytes 1\n")).toBeUndefined();
  });
});
