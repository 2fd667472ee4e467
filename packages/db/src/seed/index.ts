/**
 * Idempotent seed (DESIGN.md §6): creates what is missing and leaves existing records
 * alone, so `pnpm dev` can run it on every start without undoing a developer's edits.
 * Shared by `pnpm db:seed`, `pnpm dev` and the tests.
 */
import type { PrismaClient } from "../generated/prisma/client.js";
import { DEMO_MOBILE, DEMO_ORGANIZATION, DEMO_WEB } from "./records.js";
import { hashClientSecret, secretPrefix } from "./secrets.js";

export * from "./records.js";
export { hashClientSecret, secretPrefix, verifyClientSecret } from "./secrets.js";

export interface SeedOptions {
  /** In production no development secret is ever created. */
  production?: boolean;
}

export interface SeedResult {
  organizationId: string;
  created: string[];
}

export async function seedDemoOrganization(
  prisma: PrismaClient,
): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.organization.findUnique({
    where: { slug: DEMO_ORGANIZATION.slug },
  });
  if (existing) return { id: existing.id, created: false };
  const created = await prisma.organization.upsert({
    where: { slug: DEMO_ORGANIZATION.slug },
    create: { ...DEMO_ORGANIZATION },
    update: {},
  });
  return { id: created.id, created: true };
}

export async function seedDemoApplications(
  prisma: PrismaClient,
  organizationId: string,
  options: SeedOptions = {},
): Promise<string[]> {
  const created: string[] = [];
  for (const app of [DEMO_WEB, DEMO_MOBILE]) {
    if (app.type === "CONFIDENTIAL" && options.production) continue;
    const exists = await prisma.application.findUnique({ where: { clientId: app.clientId } });
    if (exists) continue;
    await prisma.$transaction(async (tx) => {
      const application = await tx.application.create({
        data: {
          clientId: app.clientId,
          name: app.name,
          type: app.type,
          organizationId,
          redirectUris: [...app.redirectUris],
          postLogoutRedirectUris: [...app.postLogoutRedirectUris],
          subMode: app.subMode,
          allowedScopes: [...app.allowedScopes],
          allowedGrantTypes: [...app.allowedGrantTypes],
        },
      });
      if ("developmentSecret" in app) {
        await tx.clientSecret.create({
          data: {
            applicationId: application.id,
            hash: hashClientSecret(app.developmentSecret),
            prefix: secretPrefix(app.developmentSecret),
          },
        });
      }
    });
    created.push(`application ${app.clientId}`);
  }
  return created;
}

export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const organization = await seedDemoOrganization(prisma);
  const created = organization.created ? [`organization ${DEMO_ORGANIZATION.slug}`] : [];
  created.push(...(await seedDemoApplications(prisma, organization.id, options)));
  return { organizationId: organization.id, created };
}
