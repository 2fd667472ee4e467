/** Extra applications for tests, next to the seeded demo-web and demo-mobile. */
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@lotse/db";
import { hashClientSecret, secretPrefix } from "@lotse/db/client-secrets";
import { DEMO_ORGANIZATION } from "@lotse/db/seed";
import { TELEMATIK_SCOPES } from "@lotse/domain";

export const TEST_REDIRECT = "http://localhost:5999/callback";

export async function createApplication(
  prisma: PrismaClient,
  overrides: Partial<{
    clientId: string;
    type: "PUBLIC" | "CONFIDENTIAL";
    subMode: "UNIQUE" | "PAIRWISE" | "PERSON";
    allowedScopes: string[];
    allowedGrantTypes: string[];
    allowOriginalClaims: boolean;
    sectorIdentifier: string;
    redirectUris: string[];
    /** Another organisation than the seeded demo organisation (createOrganization). */
    organizationId: string;
  }> = {},
): Promise<{ clientId: string; secret: string }> {
  const organization = overrides.organizationId
    ? { id: overrides.organizationId }
    : await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION.slug } });
  const clientId = overrides.clientId ?? `app-${randomBytes(4).toString("hex")}`;
  const secret = randomBytes(32).toString("base64url");
  const type = overrides.type ?? "CONFIDENTIAL";
  await prisma.application.create({
    data: {
      clientId,
      name: clientId,
      type,
      organizationId: organization.id,
      redirectUris: overrides.redirectUris ?? [TEST_REDIRECT],
      subMode: overrides.subMode ?? "PAIRWISE",
      allowedScopes: overrides.allowedScopes ?? ["openid", "offline_access", ...TELEMATIK_SCOPES],
      allowedGrantTypes: overrides.allowedGrantTypes ?? ["authorization_code", "refresh_token"],
      allowOriginalClaims: overrides.allowOriginalClaims ?? false,
      sectorIdentifier: overrides.sectorIdentifier ?? null,
      ...(type === "CONFIDENTIAL"
        ? { secrets: { create: { hash: hashClientSecret(secret), prefix: secretPrefix(secret) } } }
        : {}),
    },
  });
  return { clientId, secret };
}

/** An organisation next to the seeded demo organisation, for data isolation tests. */
export async function createOrganization(prisma: PrismaClient): Promise<string> {
  const slug = `org-${randomBytes(4).toString("hex")}`;
  return (await prisma.organization.create({ data: { name: slug, slug } })).id;
}
