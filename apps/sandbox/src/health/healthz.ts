import type Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { healthReport, type Logger } from "@lotse/server";

/** GET /healthz: 200 when the sandbox serves and the database server answers, 503 otherwise. */
export function registerHealthz(router: Router, prisma: PrismaClient, logger: Logger): void {
  router.get("/healthz", async (ctx) => {
    const report = await healthReport(
      "sandbox",
      { database: () => prisma.$queryRaw`select 1` },
      logger,
    );
    ctx.set("Cache-Control", "no-store");
    ctx.status = report.status;
    ctx.body = report.body;
  });
}
