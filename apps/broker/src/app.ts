import Koa from "koa";
import Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { errorBoundary, notFound, securityHeaders, type Logger } from "@lotse/server";
import { registerHealthz } from "./health/healthz.js";

export interface BrokerDeps {
  prisma: PrismaClient;
  logger: Logger;
}

/** The broker's HTTP application. oidc-provider is mounted here by the broker-core work. */
export function createBrokerApp({ prisma, logger }: BrokerDeps): Koa {
  const app = new Koa();
  // Behind a reverse proxy in production: client IPs come from X-Forwarded-For.
  app.proxy = true;
  app.use(errorBoundary(logger));
  app.use(securityHeaders());

  const router = new Router();
  registerHealthz(router, prisma, logger);
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(notFound());
  return app;
}
