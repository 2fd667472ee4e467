/**
 * An in-process broker on a fresh, migrated and seeded database, over real HTTP.
 *
 * Wired by the composition root like main.ts, except the browser's login pages: a person
 * "logs in" through a test-only interaction route that calls the completeLogin/failLogin
 * use cases with a synthetic upstream identity, registered per authorization request
 * (keyed by its `state`). federated-world.ts runs the real front ends against the sandbox.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { seed } from "@lotse/db/seed";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@lotse/db/testing";
import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";
import { createLogger } from "@lotse/server";
import type Provider from "oidc-provider";
import type { UpstreamIdentity } from "../../src/accounts/upstream-identity.js";
import { createBroker } from "../../src/broker.js";
import { parseKek } from "../../src/keys/kek.js";
import { completeLogin, failLogin } from "../../src/login/complete-login.js";
import { registerNativeApi } from "../../src/native-api/register-native-api.js";
import type { LoginFailure } from "../../src/login/login-deps.js";
import type { BrokerOidc } from "../../src/oidc/create-oidc.js";
import type { RateLimitOptions } from "../../src/protection/rate-limit.js";

export type TestLogin = UpstreamIdentity | { fail: LoginFailure };

export interface TestBroker {
  issuer: string;
  prisma: PrismaClient;
  /** Its database and KEK, for a second instance on the same database (`sameDatabaseAs`). */
  databaseUrl: string;
  kek: string;
  oidc: BrokerOidc;
  provider: Provider;
  /** What the next authorization request with this `state` logs in as. */
  logins: Map<string, TestLogin>;
  close(): Promise<void>;
}

const logger = createLogger("broker-test", { level: "silent" });

export async function startTestBroker(
  options: {
    rateLimit?: RateLimitOptions;
    /** Off unless asked for: tests change applications and send the next request at once. */
    applicationCache?: boolean;
    /**
     * Another instance on that broker's database, with its KEK (as several instances of one
     * deployment are); the database is left to the first one to drop.
     */
    sameDatabaseAs?: TestBroker;
  } = {},
): Promise<TestBroker> {
  const shared = options.sameDatabaseAs;
  const database: TestDatabase = shared
    ? { url: shared.databaseUrl, name: "shared", drop: async () => {} }
    : await createTestDatabase(testServerUrl());
  const prisma = createPrismaClient(database.url);
  if (!shared) await seed(prisma);
  const kek = shared?.kek ?? randomBytes(32).toString("base64url");

  // Listen first: the issuer must name the port the broker ends up on.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const logins = new Map<string, TestLogin>();
  const broker = await createBroker({
    issuer,
    prisma,
    logger,
    kek: parseKek(kek),
    // Never asked: the synthetic login below replaces the chooser and the federation.
    federationMasterUrl: "http://127.0.0.1:9/fedmaster",
    trustAnchorJwks: { keys: [...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys] },
    testingParameters: true,
    rateLimit: options.rateLimit ?? { perIp: 100_000, perClient: 100_000 },
    applicationCache: options.applicationCache ?? false,
    frontEnds: (router, login) => {
      registerNativeApi(router, login);
      router.get("/connect/interaction/:uid", async (ctx) => {
        const interaction = await login.provider.Interaction.find(ctx.params.uid!);
        const registered = interaction && logins.get(String(interaction.params.state));
        if (!interaction || !registered) {
          ctx.status = 400;
          ctx.body = { error: "test_harness", error_description: "no test login registered" };
          return;
        }
        ctx.status = 303;
        ctx.redirect(
          "fail" in registered
            ? await failLogin(login.provider, interaction, registered.fail)
            : await completeLogin(login, interaction, registered),
        );
      });
    },
  });
  const { oidc } = broker;
  server.on("request", broker.app.callback());

  return {
    issuer,
    prisma,
    databaseUrl: database.url,
    kek,
    oidc,
    provider: oidc.provider,
    logins,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      broker.close();
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
