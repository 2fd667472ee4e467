import type Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { healthReport, type Logger } from "@lotse/server";

/**
 * GET /healthz: 200 when the process serves and its database answers, 503 otherwise.
 * Used by `pnpm dev`, the e2e harness and load balancers; it reveals no internals.
 */
export function registerHealthz(router: Router, prisma: PrismaClient, logger: Logger): void {
  router.get("/healthz", async (ctx) => {
    const report = await healthReport(
      "broker",
      { database: () => prisma.$queryRaw`select 1` },
      logger,
    );
    ctx.set("Cache-Control", "no-store");
    ctx.status = report.status;
    ctx.body = report.body;
  });
}
