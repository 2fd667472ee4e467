/**
 * What the bench needs in the database next to the seed, created directly through
 * @lotse/db (the seed is for the quick start and the tests): one confidential application
 * allowed everything the bench measures (code flow with PKCE, refresh, CIBA poll, token
 * exchange for the seeded demo-smart application of the same organisation), with a fresh
 * secret each run. The mobile flow uses the seeded demo-mobile (a native app), whose App Link
 * the sandbox insurers learn from the broker's entity configuration.
 */
import { randomBytes } from "node:crypto";
import { createPrismaClient } from "@lotse/db";
import { hashClientSecret, secretPrefix } from "@lotse/db/client-secrets";
import { CIBA_GRANT_TYPE, DEMO_ORGANIZATION, DEMO_SMART } from "@lotse/db/seed";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

export const BENCH_APP = {
  clientId: "lotse-bench",
  /** Never fetched: the bench reads the code from the redirect's Location. */
  redirectUri: "http://127.0.0.1:9/bench/callback",
  scope: "openid offline_access urn:telematik:versicherter urn:telematik:display_name",
  /** Token exchange target: an application of the same organisation (seeded). */
  exchangeAudience: DEMO_SMART.clientId,
} as const;

/** Anna Beispiel, insured at the sandbox's nord (docs/sandbox.md). */
export const BENCH_KVNR = "X110411675";

/** Creates or resets the bench application; returns its new secret. */
export async function prepareBenchApplication(databaseUrl: string): Promise<string> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const organization = await prisma.organization.findUniqueOrThrow({
      where: { slug: DEMO_ORGANIZATION.slug },
    });
    const secret = randomBytes(32).toString("base64url");
    const data = {
      name: "Lotse bench",
      type: "CONFIDENTIAL" as const,
      organizationId: organization.id,
      redirectUris: [BENCH_APP.redirectUri],
      subMode: "PAIRWISE" as const,
      allowedScopes: BENCH_APP.scope.split(" "),
      allowedGrantTypes: [
        "authorization_code",
        "refresh_token",
        CIBA_GRANT_TYPE,
        TOKEN_EXCHANGE_GRANT,
      ],
      tokenExchangeEnabled: true,
      tokenExchangeAudiences: [BENCH_APP.exchangeAudience],
      cibaDeliveryMode: "POLL" as const,
    };
    const application = await prisma.application.upsert({
      where: { clientId: BENCH_APP.clientId },
      create: { clientId: BENCH_APP.clientId, ...data },
      update: data,
    });
    await prisma.clientSecret.deleteMany({ where: { applicationId: application.id } });
    await prisma.clientSecret.create({
      data: {
        applicationId: application.id,
        hash: hashClientSecret(secret),
        prefix: secretPrefix(secret),
      },
    });
    return secret;
  } finally {
    await prisma.$disconnect();
  }
}
