import http from "node:http";
import { createPrismaClient } from "@lotse/db";
import {
  createLogger,
  gracefulShutdown,
  limitSlowClients,
  listen,
  SERVER_OPTIONS,
} from "@lotse/server";
import { createSandboxApp } from "./app.js";
import { loadSandboxEnv } from "./env.js";
import { createMtlsServer } from "./tls/mtls-server.js";
import { loadServerCertificate } from "./tls/server-certificate.js";

const env = loadSandboxEnv();
const logger = createLogger("sandbox", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const prisma = createPrismaClient(env.DATABASE_URL);
const startedAt = performance.now();
const app = await createSandboxApp({ env, prisma, logger });
logger.info({ ms: Math.round(performance.now() - startedAt) }, "sandbox parties ready");

// The same parties over HTTPS with client certificates: the insurers' mtls_endpoint_aliases
// (RFC 8705 §5). Its certificate stays in SANDBOX_TLS_DIR, where a broker can trust it.
const certificate = await loadServerCertificate(env.SANDBOX_TLS_DIR, [
  new URL(env.SANDBOX_MTLS_URL).hostname,
]);
const mtlsServer = createMtlsServer(certificate, app.callback());
limitSlowClients(mtlsServer);
const stopMtls = gracefulShutdown(mtlsServer, {
  service: "sandbox mTLS listener",
  logger,
  timeoutMs: env.LOTSE_SHUTDOWN_TIMEOUT_MS,
});
await new Promise<void>((resolve) => {
  mtlsServer.once("error", (error: NodeJS.ErrnoException) => {
    const port = env.SANDBOX_MTLS_PORT;
    console.error(
      `sandbox: ${
        error.code === "EADDRINUSE"
          ? `port ${port} is already in use; stop what uses it or set SANDBOX_MTLS_PORT`
          : `cannot listen on port ${port} (SANDBOX_MTLS_PORT): ${error.message}`
      }`,
    );
    process.exit(1);
  });
  mtlsServer.listen({ port: env.SANDBOX_MTLS_PORT }, () => {
    logger.info(
      { port: env.SANDBOX_MTLS_PORT, url: env.SANDBOX_MTLS_URL },
      `sandbox mTLS listener on port ${env.SANDBOX_MTLS_PORT}`,
    );
    resolve();
  });
});

await listen(
  http.createServer(SERVER_OPTIONS, app.callback()),
  {
    service: "sandbox",
    port: env.SANDBOX_PORT,
    portVariable: "SANDBOX_PORT",
    logger,
    shutdownTimeoutMs: env.LOTSE_SHUTDOWN_TIMEOUT_MS,
  },
  async () => {
    await stopMtls("shutdown");
    await prisma.$disconnect();
  },
);
