import { databaseProbe } from "~/server/database-probe";

// Answers for this instant, never from a cache or a build-time render.
export const dynamic = "force-dynamic";

/**
 * GET /healthz: 200 when the portal serves and its database answers, 503 otherwise.
 * Used by `pnpm dev`, the e2e harness and load balancers.
 */
export function GET(): Promise<Response> {
  return databaseProbe("healthz");
}
