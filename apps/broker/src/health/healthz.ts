import type Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { readinessReport, type DrainState, type Logger } from "@lotse/server";

export interface HealthDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** The broker's signing keys (oidc/create-oidc.ts); without a provider, not checked. */
  signingKeys?: readonly unknown[];
  /** Defaults to the process's shutdown state (listen() sets it on SIGTERM). */
  drain?: DrainState;
}

/**
 * GET /healthz (liveness): 200 whenever the process serves requests. It checks no
 * dependency on purpose: a database outage must take instances out of the load balancer
 * (/readyz), not make an orchestrator restart every one of them.
 *
 * GET /readyz (readiness): 200 when the database answers a short query within 2 s and the
 * signing keys are loaded; 503 when not, and from the first moment of a shutdown, so a load
 * balancer drains the instance. Neither reveals internals: dependency names and "ok" or
 * "unreachable"; the reason is logged.
 */
export function registerHealthz(router: Router, deps: HealthDeps): void {
  router.get("/healthz", (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.body = { status: "ok", service: "broker" };
  });
  router.get("/readyz", async (ctx) => {
    const checks: Record<string, () => Promise<unknown>> = {
      database: () => deps.prisma.$queryRaw`select 1`,
    };
    if (deps.signingKeys) {
      const keys = deps.signingKeys;
      checks.keys = async () => {
        if (keys.length === 0) throw new Error("no signing key loaded");
      };
    }
    const report = await readinessReport("broker", checks, deps.logger, { drain: deps.drain });
    ctx.set("Cache-Control", "no-store");
    ctx.status = report.status;
    ctx.body = report.body;
  });
}
