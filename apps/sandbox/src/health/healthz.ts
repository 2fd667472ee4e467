import type Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { readinessReport, type Logger } from "@lotse/server";

/**
 * GET /healthz (liveness): 200 whenever the sandbox serves; no dependency is checked, so a
 * database outage does not make an orchestrator restart it.
 * GET /readyz (readiness): 200 when the database answers a short query within 2 s, 503 when
 * not and from the first moment of a shutdown (@lotse/server's listen()).
 */
export function registerHealthz(router: Router, prisma: PrismaClient, logger: Logger): void {
  router.get("/healthz", (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.body = { status: "ok", service: "sandbox" };
  });
  router.get("/readyz", async (ctx) => {
    const report = await readinessReport(
      "sandbox",
      { database: () => prisma.$queryRaw`select 1` },
      logger,
    );
    ctx.set("Cache-Control", "no-store");
    ctx.status = report.status;
    ctx.body = report.body;
  });
}
