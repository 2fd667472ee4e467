import http from "node:http";
import { createPrismaClient } from "@lotse/db";
import { createLogger, listen, SERVER_OPTIONS } from "@lotse/server";
import { createSandboxApp } from "./app.js";
import { loadSandboxEnv } from "./env.js";

const env = loadSandboxEnv();
const logger = createLogger("sandbox", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const prisma = createPrismaClient(env.DATABASE_URL);
const startedAt = performance.now();
const app = await createSandboxApp({ env, prisma, logger });
logger.info({ ms: Math.round(performance.now() - startedAt) }, "sandbox parties ready");

await listen(
  http.createServer(SERVER_OPTIONS, app.callback()),
  {
    service: "sandbox",
    port: env.SANDBOX_PORT,
    portVariable: "SANDBOX_PORT",
    logger,
    shutdownTimeoutMs: env.LOTSE_SHUTDOWN_TIMEOUT_MS,
  },
  () => prisma.$disconnect(),
);
