/**
 * Idempotent seed (DESIGN.md §6): creates what is missing and leaves existing records
 * alone, so `pnpm dev` can run it on every start without undoing a developer's edits.
 * Shared by `pnpm db:seed`, `pnpm dev` and the tests.
 */
import { hashClientSecret, secretPrefix } from "../client-secrets.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import {
  DEFAULT_SANDBOX_URL,
  DEMO_MOBILE,
  DEMO_HELPDESK_PING,
  DEMO_ORGANIZATION,
  DEMO_SMART,
  DEMO_WEB,
  DEV_ADMIN,
  DEV_DEVELOPER,
  SANDBOX_IDPS,
  sandboxFhirBaseUrl,
  sandboxIdpIssuer,
} from "./records.js";

export * from "./records.js";

export interface SeedOptions {
  /** In production no development secret and no sandbox IDP is ever created. */
  production?: boolean;
  /** Where the sandbox runs; its IDPs are registered under this URL. */
  sandboxUrl?: string;
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
  for (const app of [DEMO_WEB, DEMO_MOBILE, DEMO_SMART, DEMO_HELPDESK_PING]) {
    // Development secrets and the sandbox's FHIR server never reach production.
    if ((app.type === "CONFIDENTIAL" || "smart" in app) && options.production) continue;
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
          ...("smart" in app
            ? {
                smartEnabled: true,
                smartLaunchUrl: app.smart.launchUrl,
                smartFhirBaseUrl: sandboxFhirBaseUrl(options.sandboxUrl ?? DEFAULT_SANDBOX_URL),
                smartScopes: [...app.smart.scopes],
                smartUserType: app.smart.userType,
              }
            : {}),
          ...("platform" in app ? { platform: app.platform } : {}),
          ...("ciba" in app
            ? {
                cibaDeliveryMode: app.ciba.deliveryMode,
                cibaNotificationEndpoint: app.ciba.notificationEndpoint,
              }
            : {}),
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

/**
 * Registers the sandbox's insurer IDPs. The broker's client configuration at each
 * stays empty: the defaults (client id = the broker's issuer, keys at its
 * /federation/jwks) are exactly what the sandbox expects.
 */
export async function seedSandboxIdps(prisma: PrismaClient, sandboxUrl: string): Promise<string[]> {
  const created: string[] = [];
  for (const idp of SANDBOX_IDPS) {
    const issuer = sandboxIdpIssuer(sandboxUrl, idp.path);
    const exists = await prisma.upstreamIdp.findUnique({ where: { issuer } });
    if (exists) continue;
    await prisma.upstreamIdp.create({
      data: {
        issuer,
        displayName: idp.displayName,
        pkv: idp.pkv,
        logoUri: `${sandboxUrl.replace(/\/+$/, "")}/logos/${idp.path}.svg`,
      },
    });
    created.push(`idp ${idp.path}`);
  }
  return created;
}

/**
 * The development accounts: an admin, and a developer who owns the demo organization.
 * Development only: their passwords are public.
 */
export async function seedDevelopmentUsers(
  prisma: PrismaClient,
  organizationId: string,
): Promise<string[]> {
  const created: string[] = [];
  for (const account of [DEV_ADMIN, DEV_DEVELOPER]) {
    const exists = await prisma.user.findUnique({ where: { email: account.email } });
    if (exists) continue;
    await prisma.user.create({
      data: {
        email: account.email,
        name: account.name,
        role: account.role,
        passwordHash: account.developmentPasswordHash,
        ...(account === DEV_DEVELOPER
          ? { memberships: { create: { organizationId, role: "OWNER" } } }
          : {}),
      },
    });
    created.push(`user ${account.email}`);
  }
  return created;
}

export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const organization = await seedDemoOrganization(prisma);
  const created = organization.created ? [`organization ${DEMO_ORGANIZATION.slug}`] : [];
  created.push(...(await seedDemoApplications(prisma, organization.id, options)));
  if (!options.production) {
    created.push(...(await seedSandboxIdps(prisma, options.sandboxUrl ?? DEFAULT_SANDBOX_URL)));
    created.push(...(await seedDevelopmentUsers(prisma, organization.id)));
  }
  return { organizationId: organization.id, created };
}
