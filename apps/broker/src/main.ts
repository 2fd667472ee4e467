import http from "node:http";
import { createPrismaClient } from "@lotse/db";
import { createLogger, listen } from "@lotse/server";
import { createBrokerApp } from "./app.js";
import { loadBrokerEnv } from "./env.js";

const env = loadBrokerEnv();
const logger = createLogger("broker", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const prisma = createPrismaClient(env.DATABASE_URL);
const app = createBrokerApp({ prisma, logger });

await listen(
  http.createServer(app.callback()),
  { service: "broker", port: env.BROKER_PORT, portVariable: "BROKER_PORT", logger },
  () => prisma.$disconnect(),
);
logger.info({ issuer: env.BROKER_ISSUER }, "broker ready");
