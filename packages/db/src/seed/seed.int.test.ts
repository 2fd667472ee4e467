/** The seed against a real, migrated PostgreSQL: complete, idempotent, and edit-preserving. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "../client.js";
import { verifyClientSecret } from "../client-secrets.js";
import { startDatabase, type Database } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import {
  DEMO_HELPDESK_PING,
  DEMO_MOBILE,
  DEMO_SMART,
  DEMO_ORGANIZATION,
  DEMO_WEB,
  DEV_ADMIN,
  DEV_DEVELOPER,
  seed,
} from "./index.js";

let server: Database;
let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  server = await startDatabase();
  database = await createTestDatabase(server.url);
  prisma = createPrismaClient(database.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
  await server?.stop();
});

async function snapshot() {
  return {
    organizations: await prisma.organization.findMany({ orderBy: { slug: "asc" } }),
    applications: await prisma.application.findMany({ orderBy: { clientId: "asc" } }),
    secrets: await prisma.clientSecret.findMany({ orderBy: { id: "asc" } }),
    idps: await prisma.upstreamIdp.findMany({ orderBy: { issuer: "asc" } }),
    users: await prisma.user.findMany({ orderBy: { email: "asc" } }),
  };
}

describe("seed", () => {
  test("creates the demo organization and the demo applications", async () => {
    const result = await seed(prisma);
    expect(result.created).toEqual([
      `organization ${DEMO_ORGANIZATION.slug}`,
      `application ${DEMO_WEB.clientId}`,
      `application ${DEMO_MOBILE.clientId}`,
      `application ${DEMO_SMART.clientId}`,
      `application ${DEMO_HELPDESK_PING.clientId}`,
      "idp nord",
      "idp sued",
      "idp privat",
      `user ${DEV_ADMIN.email}`,
      `user ${DEV_DEVELOPER.email}`,
    ]);
    const web = await prisma.application.findUniqueOrThrow({
      where: { clientId: DEMO_WEB.clientId },
      include: { secrets: true, organization: true },
    });
    expect(web).toMatchObject({
      type: "CONFIDENTIAL",
      subMode: "PAIRWISE",
      redirectUris: [...DEMO_WEB.redirectUris],
    });
    expect(web.organization.slug).toBe(DEMO_ORGANIZATION.slug);
    const mobile = await prisma.application.findUniqueOrThrow({
      where: { clientId: DEMO_MOBILE.clientId },
    });
    expect(mobile).toMatchObject({
      type: "PUBLIC",
      subMode: "UNIQUE",
      redirectUris: [...DEMO_MOBILE.redirectUris],
    });
    expect(mobile.allowedGrantTypes).toEqual(["authorization_code", "refresh_token"]);
    const smart = await prisma.application.findUniqueOrThrow({
      where: { clientId: DEMO_SMART.clientId },
    });
    expect(smart).toMatchObject({
      type: "PUBLIC",
      smartEnabled: true,
      smartLaunchUrl: DEMO_SMART.smart.launchUrl,
      smartFhirBaseUrl: "http://localhost:4100/fhir/r4",
      smartUserType: "PRACTITIONER",
    });
    const idps = await prisma.upstreamIdp.findMany({ orderBy: { issuer: "asc" } });
    expect(idps.map((idp) => [idp.issuer, idp.pkv])).toEqual([
      ["http://localhost:4100/idp/nord", false],
      ["http://localhost:4100/idp/privat", true],
      ["http://localhost:4100/idp/sued", false],
    ]);
  });

  test("creates the development admin and the developer who owns the demo organization", async () => {
    const users = await prisma.user.findMany({
      orderBy: { email: "asc" },
      include: { memberships: { include: { organization: true } } },
    });
    expect(users.map((u) => [u.email, u.role, u.passwordHash?.startsWith("$argon2id$")])).toEqual([
      [DEV_ADMIN.email, "ADMIN", true],
      [DEV_DEVELOPER.email, "DEVELOPER", true],
    ]);
    expect(users[1]!.memberships.map((m) => [m.organization.slug, m.role])).toEqual([
      [DEMO_ORGANIZATION.slug, "OWNER"],
    ]);
  });

  test("stores the development secret only as a hash", async () => {
    const [secret] = await prisma.clientSecret.findMany({
      where: { application: { clientId: DEMO_WEB.clientId } },
    });
    expect(secret).toBeDefined();
    expect(secret!.hash).not.toContain(DEMO_WEB.developmentSecret);
    expect(verifyClientSecret(DEMO_WEB.developmentSecret, secret!.hash)).toBe(true);
    expect(verifyClientSecret("wrong-secret", secret!.hash)).toBe(false);
  });

  test("running it again changes nothing", async () => {
    const before = await snapshot();
    const again = await seed(prisma);
    expect(again.created).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  test("keeps a developer's edits to a seeded record", async () => {
    await prisma.application.update({
      where: { clientId: DEMO_WEB.clientId },
      data: { name: "Renamed by a developer" },
    });
    await seed(prisma);
    const web = await prisma.application.findUniqueOrThrow({
      where: { clientId: DEMO_WEB.clientId },
    });
    expect(web.name).toBe("Renamed by a developer");
  });

  test("never creates the development secret in production", async () => {
    const production = await createTestDatabase(server.url);
    const client = createPrismaClient(production.url);
    try {
      await seed(client, { production: true });
      expect(
        await client.application.findUnique({ where: { clientId: DEMO_WEB.clientId } }),
      ).toBeNull();
      expect(
        await client.application.findUnique({ where: { clientId: DEMO_SMART.clientId } }),
      ).toBeNull();
      expect(await client.clientSecret.count()).toBe(0);
      expect(await client.upstreamIdp.count()).toBe(0);
      expect(await client.user.count()).toBe(0);
    } finally {
      await client.$disconnect();
      await production.drop();
    }
  });
});
