/**
 * An in-process broker on a fresh, migrated and seeded database, over real HTTP.
 *
 * Until the upstream federation runs in tests, a person "logs in" through a test-only
 * interaction route that calls completeLogin/failLogin with a synthetic upstream
 * identity, registered per authorization request (keyed by its `state`). Swap `login`
 * for the sandbox flow to run the same protocol tests end to end.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { seed } from "@lotse/db/seed";
import { createTestDatabase, type TestDatabase } from "@lotse/db/testing";
import { createLogger } from "@lotse/server";
import type Provider from "oidc-provider";
import { createBrokerApp } from "../../src/app.js";
import type { UpstreamIdentity } from "../../src/accounts/upstream-identity.js";
import {
  completeLogin,
  failLogin,
  type LoginFailure,
} from "../../src/interactions/complete-login.js";
import { parseKek } from "../../src/keys/kek.js";
import { createBrokerOidc, type BrokerOidc } from "../../src/oidc/create-oidc.js";
import type { RateLimitOptions } from "../../src/protection/rate-limit.js";

export type TestLogin = UpstreamIdentity | { fail: LoginFailure };

export interface TestBroker {
  issuer: string;
  prisma: PrismaClient;
  oidc: BrokerOidc;
  provider: Provider;
  /** What the next authorization request with this `state` logs in as. */
  logins: Map<string, TestLogin>;
  close(): Promise<void>;
}

const logger = createLogger("broker-test", { level: "silent" });

export async function startTestBroker(
  options: { rateLimit?: RateLimitOptions } = {},
): Promise<TestBroker> {
  const database: TestDatabase = await createTestDatabase(process.env.DATABASE_URL!);
  const prisma = createPrismaClient(database.url);
  await seed(prisma);

  // Listen first: the issuer must name the port the broker ends up on.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const kek = parseKek(randomBytes(32).toString("base64url"));
  const oidc = await createBrokerOidc({ issuer, prisma, logger, kek });
  const logins = new Map<string, TestLogin>();

  const app = createBrokerApp({
    prisma,
    logger,
    oidc,
    rateLimit: options.rateLimit ?? { perIp: 100_000, perClient: 100_000 },
    interactionRoutes: (router, provider) => {
      router.get("/connect/interaction/:uid", async (ctx) => {
        const interaction = await provider.Interaction.find(ctx.params.uid!);
        const login = interaction && logins.get(String(interaction.params.state));
        if (!interaction || !login) {
          ctx.status = 400;
          ctx.body = { error: "test_harness", error_description: "no test login registered" };
          return;
        }
        if ("fail" in login) return failLogin(provider, ctx, interaction, login.fail);
        return completeLogin({ provider, accounts: oidc.accounts }, ctx, interaction, login);
      });
    },
  });
  server.on("request", app.callback());

  return {
    issuer,
    prisma,
    oidc,
    provider: oidc.provider,
    logins,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      oidc.close();
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
