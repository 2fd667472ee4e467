import Koa from "koa";
import Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { errorBoundary, notFound, securityHeaders, type Logger } from "@lotse/server";
import { registerHealthz } from "./health/healthz.js";
import { registerLandingPage } from "./landing/landing-page.js";
import type { Env } from "./env.js";

export interface SandboxDeps {
  env: Env;
  prisma: PrismaClient;
  logger: Logger;
}

/** The sandbox's HTTP application: every simulated outside party under its own path. */
export function createSandboxApp({ env, prisma, logger }: SandboxDeps): Koa {
  const app = new Koa();
  app.use(errorBoundary(logger));
  app.use(securityHeaders());

  const router = new Router();
  registerHealthz(router, prisma, logger);
  registerLandingPage(router, { brokerUrl: env.BROKER_URL });
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(notFound());
  return app;
}
