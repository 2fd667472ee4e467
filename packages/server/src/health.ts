import type { Logger } from "pino";

export interface HealthReport {
  status: 200 | 503;
  body: Record<string, string>;
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
): Promise<HealthReport> {
  const body: Record<string, string> = { status: "ok", service };
  for (const [name, check] of Object.entries(checks)) {
    try {
      await check();
      body[name] = "ok";
    } catch (error) {
      logger.error({ dependency: name, err: (error as Error).message }, "health check failed");
      body[name] = "unreachable";
      body.status = "error";
    }
  }
  return { status: body.status === "ok" ? 200 : 503, body };
}
