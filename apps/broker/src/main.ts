import { loadBrokerEnv } from "./env.js";
import { upstreamCaFile } from "./federation/upstream-ca-file.js";
import { tracesEndpoint } from "./tracing/traces-endpoint.js";

const env = loadBrokerEnv();
// Tracing first, when configured (docs/operations.md "Traces"): OpenTelemetry patches
// node:http, Koa and pg as they are loaded, and an ES module loaded before its hook is never
// patched. So everything that serves requests is imported only after this line.
const otlpUrl = tracesEndpoint(env);
const tracing = otlpUrl
  ? (await import("./tracing/start-tracing.js")).startOtlpTracing({
      url: otlpUrl,
      serviceName: env.OTEL_SERVICE_NAME,
    })
  : undefined;

const [
  http,
  { createPrismaClient, dataDir },
  server,
  { createBroker },
  { loadKek },
  { withSecretRoot },
] = await Promise.all([
  import("node:http"),
  import("@lotse/db"),
  import("@lotse/server"),
  import("./broker.js"),
  import("./keys/kek.js"),
  import("./keys/secret-root.js"),
]);
const { createLogger, listen, SERVER_OPTIONS } = server;

const logger = createLogger("broker", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const prisma = createPrismaClient(env.DATABASE_URL);
// After a KEK rotation the derived secrets come from the root the database keeps
// (keys/secret-root.ts), so subs and cookies stay what they were.
const kek = await withSecretRoot(
  prisma,
  loadKek({
    kek: env.LOTSE_KEK,
    previousKek: env.LOTSE_KEK_PREVIOUS,
    production: env.production,
    // The workspace's data folder, looked up only for a development KEK: a deployed broker
    // (LOTSE_KEK set) runs outside any workspace.
    dataDir,
  }),
).catch((error: unknown) => {
  // A KEK that reads none of the stored keys: one line naming the KEK needed, no stack.
  console.error(`broker: ${(error as Error).message}`);
  process.exit(1);
});
const broker = await createBroker({
  issuer: env.BROKER_ISSUER,
  prisma,
  logger,
  kek,
  federationMasterUrl: env.federationMasterUrl,
  trustAnchorJwks: env.trustAnchorJwks,
  federationOrganizationName: env.FEDERATION_ORGANIZATION_NAME,
  // Read when first needed, not at start: in development the sandbox writes this file when it
  // starts, which may be after the broker. Read again whenever it changed (a renewal).
  ...(env.UPSTREAM_TLS_CA_FILE ? { upstreamTlsCa: upstreamCaFile(env.UPSTREAM_TLS_CA_FILE) } : {}),
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
    // The spans of the last requests, before the process exits.
    await tracing?.shutdown();
  },
);
logger.info(
  { issuer: env.BROKER_ISSUER, mode: env.LOTSE_MODE, tracing: tracing !== undefined },
  "broker ready",
);
