/**
 * What `pnpm bench` reads from the broker's own GET /metrics (Prometheus text format,
 * apps/broker/src/metrics): its database round trips so far (lotse_broker_db_round_trips_total,
 * counted on its connection pool, so no proxy sits on the measured path) and where its memory
 * is (prom-client's default process and Node.js metrics).
 */

export const ROUND_TRIPS_METRIC = "lotse_broker_db_round_trips_total";

/** The value of an unlabelled sample `name` in a text exposition, if there is one. */
export function metricValue(text: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`^${escaped}(?:\\{\\})? (\\S+)`, "m").exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : undefined;
}

/** The broker's /metrics text, or undefined when it does not answer (e.g. a token is required). */
export async function scrapeMetrics(brokerUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${brokerUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

/** The broker's round trips to PostgreSQL so far, if its /metrics has them. */
export async function brokerRoundTrips(brokerUrl: string): Promise<number | undefined> {
  const text = await scrapeMetrics(brokerUrl);
  return text === undefined ? undefined : metricValue(text, ROUND_TRIPS_METRIC);
}

export interface BrokerMemory {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
}

/**
 * RSS next to the V8 heap and the memory outside it (Buffers, and what else Node counts as
 * external), so a high RSS can be told apart (issue 16).
 */
export function brokerMemory(text: string): BrokerMemory | undefined {
  const mb = (name: string) => {
    const value = metricValue(text, name);
    return value === undefined ? undefined : value / 1024 / 1024;
  };
  const memory = {
    rssMb: mb("process_resident_memory_bytes"),
    heapTotalMb: mb("nodejs_heap_size_total_bytes"),
    heapUsedMb: mb("nodejs_heap_size_used_bytes"),
    externalMb: mb("nodejs_external_memory_bytes"),
  };
  if (Object.values(memory).some((item) => item === undefined)) return undefined;
  return memory as BrokerMemory;
}
