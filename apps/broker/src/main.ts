import http from "node:http";
import { createPrismaClient, dataDir } from "@lotse/db";
import { createLogger, listen, SERVER_OPTIONS } from "@lotse/server";
import { createBroker } from "./broker.js";
import { loadBrokerEnv } from "./env.js";
import { loadKek } from "./keys/kek.js";

const env = loadBrokerEnv();
const logger = createLogger("broker", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const prisma = createPrismaClient(env.DATABASE_URL);
const kek = loadKek({
  kek: env.LOTSE_KEK,
  production: env.production,
  // The workspace's data folder, looked up only for a development KEK: a deployed broker
  // (LOTSE_KEK set) runs outside any workspace.
  dataDir,
});
const broker = await createBroker({
  issuer: env.BROKER_ISSUER,
  prisma,
  logger,
  kek,
  federationMasterUrl: env.federationMasterUrl,
  testingParameters: env.testingParameters,
  trustedProxies: env.BROKER_TRUSTED_PROXIES,
  rateLimit: {
    perIp: env.BROKER_RATE_LIMIT_PER_MINUTE,
    perClient: env.BROKER_CLIENT_RATE_LIMIT_PER_MINUTE,
  },
  metricsToken: env.BROKER_METRICS_TOKEN,
});

await listen(
  http.createServer(SERVER_OPTIONS, broker.app.callback()),
  {
    service: "broker",
    port: env.BROKER_PORT,
    portVariable: "BROKER_PORT",
    logger,
    shutdownTimeoutMs: env.LOTSE_SHUTDOWN_TIMEOUT_MS,
  },
  async () => {
    broker.close();
    await prisma.$disconnect();
  },
);
logger.info({ issuer: env.BROKER_ISSUER, mode: env.LOTSE_MODE }, "broker ready");
