import type { Logger } from "pino";
import { processDrain, type DrainState } from "./shutdown.js";

export interface HealthReport {
  status: 200 | 503;
  body: Record<string, string>;
}

/** A probe must answer: a dependency that does not answer in this time counts as down. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs named dependency checks (e.g. `database: () => prisma.$queryRaw\`select 1\``) and
 * answers 200 when all pass, 503 otherwise. The body names each dependency as "ok" or
 * "unreachable" and reveals nothing else; failures are logged, not returned.
 */
export async function healthReport(
  service: string,
  checks: Record<string, () => Promise<unknown>>,
  logger: Logger,
  options: { timeoutMs?: number } = {},
): Promise<HealthReport> {
  const body: Record<string, string> = { status: "ok", service };
  const timeoutMs = options.timeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(Promise.resolve().then(check), timeoutMs);
        body[name] = "ok";
      } catch (error) {
        logger.error({ dependency: name, err: (error as Error).message }, "health check failed");
        body[name] = "unreachable";
        body.status = "error";
      }
    }),
  );
  return { status: body.status === "ok" ? 200 : 503, body };
}

/**
 * Readiness (/readyz): may this instance get traffic? 503 from the moment a shutdown begins
 * (shutdown.ts), so a load balancer drains it; otherwise the dependency checks decide.
 */
export async function readinessReport(
  service: string,
  checks: Record<string, () => Promise<unknown>>,
  logger: Logger,
  options: { timeoutMs?: number; drain?: DrainState } = {},
): Promise<HealthReport> {
  if ((options.drain ?? processDrain).draining)
    return { status: 503, body: { status: "shutting_down", service } };
  return healthReport(service, checks, logger, options);
}
