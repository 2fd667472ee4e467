import { brokerProbe } from "~/server/broker-probe";

// Answers for this instant, never from a cache or a build-time render.
export const dynamic = "force-dynamic";

/**
 * GET /readyz (readiness): 200 when the broker reports itself ready (its /readyz), 503
 * otherwise. /healthz is the liveness probe.
 */
export function GET(): Promise<Response> {
  return brokerProbe("readyz");
}
