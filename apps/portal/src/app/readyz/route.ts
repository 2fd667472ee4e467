import { databaseProbe } from "~/server/database-probe";

// Answers for this instant, never from a cache or a build-time render.
export const dynamic = "force-dynamic";

/**
 * GET /readyz (readiness): 200 when the portal's database answers, 503 otherwise, so a load
 * balancer sends no sign-ins to an instance that cannot serve them. /healthz is the liveness
 * probe.
 */
export function GET(): Promise<Response> {
  return databaseProbe("readyz");
}
