import http from "node:http";
import { createPrismaClient, dataDir } from "@lotse/db";
import { createLogger, listen } from "@lotse/server";
import { createBrokerApp } from "./app.js";
import { auditProviderEvents, createAuditLog } from "./audit/index.js";
import { interactionRoutes } from "./interactions/wire-interactions.js";
import { loadBrokerEnv } from "./env.js";
import { loadKek } from "./keys/kek.js";
import { createBrokerOidc } from "./oidc/create-oidc.js";

const env = loadBrokerEnv();
const logger = createLogger("broker", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const prisma = createPrismaClient(env.DATABASE_URL);
const kek = loadKek({
  kek: env.LOTSE_KEK,
  production: env.NODE_ENV === "production",
  dataDir: dataDir(),
});
const oidc = await createBrokerOidc({ issuer: env.BROKER_ISSUER, prisma, logger, kek });
const audit = createAuditLog(prisma, logger);
auditProviderEvents(oidc.provider, audit);
const app = createBrokerApp({
  prisma,
  logger,
  oidc,
  interactionRoutes: interactionRoutes({
    issuer: env.BROKER_ISSUER,
    federationMasterUrl: env.FEDERATION_MASTER_URL ?? `${env.SANDBOX_URL}/fedmaster`,
    testingParameters: env.NODE_ENV !== "production",
    prisma,
    logger,
    audit,
    oidc,
  }),
  rateLimit: {
    perIp: env.BROKER_RATE_LIMIT_PER_MINUTE,
    perClient: env.BROKER_CLIENT_RATE_LIMIT_PER_MINUTE,
  },
});

await listen(
  http.createServer(app.callback()),
  { service: "broker", port: env.BROKER_PORT, portVariable: "BROKER_PORT", logger },
  async () => {
    oidc.close();
    await prisma.$disconnect();
  },
);
logger.info({ issuer: env.BROKER_ISSUER }, "broker ready");
