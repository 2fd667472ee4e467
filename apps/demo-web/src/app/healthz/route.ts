import { brokerProbe } from "~/server/broker-probe";

// Answers for this instant, never from a cache or a build-time render.
export const dynamic = "force-dynamic";

/** GET /healthz: 200 when the demo app serves and the broker's /healthz answers 2xx, 503 otherwise. */
export function GET(): Promise<Response> {
  return brokerProbe("healthz");
}
