/**
 * The admin console against a real database, through the router as the portal calls it:
 * only admins get in, their actions take effect, and no admin can lock themselves out.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TRPCError } from "@trpc/server";
import {
  callerFor,
  codeOf,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";

let world: TestWorld;
let admin: ReturnType<typeof callerFor>;
let adminId: string;
let developer: ReturnType<typeof callerFor>;
let developerId: string;
let idpId: string;

beforeAll(async () => {
  world = await createTestWorld();
  const adminUser = await world.prisma.user.create({
    data: { email: "root@lotse.example", role: "ADMIN" },
  });
  adminId = adminUser.id;
  admin = callerFor(world.prisma, { ...adminUser, role: "ADMIN" });
  const developerUser = await createUser(world.prisma, "dev@a.example");
  developerId = developerUser.id;
  developer = callerFor(world.prisma, developerUser);
  const org = await developer.organization.create({ name: "Org A", slug: "org-a" });
  await developer.application.create({ organizationId: org.id, settings: confidentialApp });
  idpId = (
    await world.prisma.upstreamIdp.create({
      data: { issuer: "https://kasse.example", displayName: "Kasse" },
    })
  ).id;
  await world.prisma.signingKey.create({
    data: {
      kid: "kid-current",
      alg: "ES256",
      encryptedPrivateJwk: "eyJ.encrypted",
      publicJwk: { kty: "EC" },
      state: "CURRENT",
    },
  });
});

afterAll(() => world?.close());

describe("a developer", () => {
  test("gets FORBIDDEN from every admin procedure, and nothing changes", async () => {
    const attempts: Record<string, () => Promise<unknown>> = {
      users: () => developer.admin.users(),
      setUserDisabled: () => developer.admin.setUserDisabled({ userId: adminId, disabled: true }),
      setUserRole: () => developer.admin.setUserRole({ userId: developerId, role: "ADMIN" }),
      organizations: () => developer.admin.organizations(),
      upstreamIdps: () => developer.admin.upstreamIdps(),
      setUpstreamIdpEnabled: () => developer.admin.setUpstreamIdpEnabled({ idpId, enabled: false }),
      updateUpstreamIdp: () =>
        developer.admin.updateUpstreamIdp({
          idpId,
          display: { displayName: "hijacked", logoUri: "" },
        }),
      signingKeys: () => developer.admin.signingKeys(),
      rotateSigningKeys: () => developer.admin.rotateSigningKeys(),
    };
    const codes: Record<string, string> = {};
    for (const [name, attempt] of Object.entries(attempts)) codes[name] = await codeOf(attempt());
    expect(codes).toEqual(Object.fromEntries(Object.keys(attempts).map((k) => [k, "FORBIDDEN"])));

    const users = await world.prisma.user.findMany({ orderBy: { email: "asc" } });
    expect(users.map((u) => [u.email, u.role, u.disabled])).toEqual([
      ["dev@a.example", "DEVELOPER", false],
      ["root@lotse.example", "ADMIN", false],
    ]);
    const idp = await world.prisma.upstreamIdp.findUniqueOrThrow({ where: { id: idpId } });
    expect([idp.displayName, idp.enabled]).toEqual(["Kasse", true]);
    const key = await world.prisma.signingKey.findUniqueOrThrow({ where: { kid: "kid-current" } });
    expect([key.state, key.retiredAt]).toEqual(["CURRENT", null]);
  });

  test("made admin by an admin gets in at once; demoted, is out at once", async () => {
    await admin.admin.setUserRole({ userId: developerId, role: "ADMIN" });
    expect(await codeOf(developer.admin.users())).toBe("OK");
    await admin.admin.setUserRole({ userId: developerId, role: "DEVELOPER" });
    expect(await codeOf(developer.admin.users())).toBe("FORBIDDEN");
  });
});

describe("an admin", () => {
  test("lists users with their organization count", async () => {
    const users = await admin.admin.users();
    expect(users.map((u) => [u.email, u.role, u.disabled, u.organizationCount])).toEqual([
      ["dev@a.example", "DEVELOPER", false, 1],
      ["root@lotse.example", "ADMIN", false, 0],
    ]);
    expect(users[0]).not.toHaveProperty("passwordHash");
  });

  test("disables and enables a user; a disabled user is signed out at once", async () => {
    const disabled = await admin.admin.setUserDisabled({ userId: developerId, disabled: true });
    expect(disabled.disabled).toBe(true);
    expect(await codeOf(developer.organization.list())).toBe("UNAUTHORIZED");
    await admin.admin.setUserDisabled({ userId: developerId, disabled: false });
    expect(await codeOf(developer.organization.list())).toBe("OK");
  });

  test("cannot disable or demote themselves", async () => {
    expect(await codeOf(admin.admin.setUserDisabled({ userId: adminId, disabled: true }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(admin.admin.setUserRole({ userId: adminId, role: "DEVELOPER" }))).toBe(
      "FORBIDDEN",
    );
    const self = await world.prisma.user.findUniqueOrThrow({ where: { id: adminId } });
    expect([self.role, self.disabled]).toEqual(["ADMIN", false]);
  });

  test("gets NOT_FOUND for an unknown user or IDP", async () => {
    expect(await codeOf(admin.admin.setUserRole({ userId: "nobody", role: "ADMIN" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(admin.admin.setUpstreamIdpEnabled({ idpId: "none", enabled: true }))).toBe(
      "NOT_FOUND",
    );
  });

  test("lists organizations with member and application counts", async () => {
    expect(await admin.admin.organizations()).toMatchObject([
      { slug: "org-a", memberCount: 1, applicationCount: 1 },
    ]);
  });

  test("switches an upstream IDP off and on and changes its name and logo", async () => {
    expect(await admin.admin.setUpstreamIdpEnabled({ idpId, enabled: false })).toMatchObject({
      enabled: false,
    });
    const updated = await admin.admin.updateUpstreamIdp({
      idpId,
      display: { displayName: "Kasse Nord", logoUri: "https://kasse.example/logo.svg" },
    });
    expect(updated).toMatchObject({
      displayName: "Kasse Nord",
      logoUri: "https://kasse.example/logo.svg",
      enabled: false,
    });
    const cleared = await admin.admin.updateUpstreamIdp({
      idpId,
      display: { displayName: "Kasse Nord", logoUri: "" },
    });
    expect(cleared.logoUri).toBeNull();
    await admin.admin.setUpstreamIdpEnabled({ idpId, enabled: true });
  });

  test("an http logo or an empty name is refused next to its field", async () => {
    const error = await admin.admin
      .updateUpstreamIdp({
        idpId,
        display: { displayName: " ", logoUri: "http://x.example/l.png" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    const idp = await world.prisma.upstreamIdp.findUniqueOrThrow({ where: { id: idpId } });
    expect(idp.displayName).toBe("Kasse Nord");
  });

  test("sees the signing keys' public facts only", async () => {
    const keys = await admin.admin.signingKeys();
    expect(keys).toEqual([
      {
        kid: "kid-current",
        alg: "ES256",
        purpose: "OIDC",
        use: "sig",
        state: "CURRENT",
        createdAt: expect.any(Date),
        activatedAt: null,
        retiredAt: null,
      },
    ]);
    expect(JSON.stringify(keys)).not.toContain("encrypted");
  });
});

describe("signing key rotation from the admin console", () => {
  // Dummy key material: the portal never reads it (it has no KEK to read it with).
  const key = (kid: string, alg: string, state: "CURRENT" | "NEXT", extra: object = {}) =>
    world.prisma.signingKey.create({
      data: {
        kid,
        alg,
        state,
        encryptedPrivateJwk: "eyJ.encrypted",
        publicJwk: { kty: alg === "RS256" ? "RSA" : "EC" },
        ...extra,
      },
    });
  const snapshot = async () =>
    (await world.prisma.signingKey.findMany({ orderBy: { kid: "asc" } })).map(
      ({ kid, state, activatedAt, retiredAt }) => ({ kid, state, activatedAt, retiredAt }),
    );

  beforeAll(async () => {
    // ES256: "kid-current" from the top of the file. RS256 has two NEXT keys: the older one
    // has been published longer, so it is the one promoted.
    await key("rs-current", "RS256", "CURRENT", { activatedAt: new Date("2025-01-01") });
    await key("rs-next-old", "RS256", "NEXT", { createdAt: new Date("2025-01-02") });
    await key("rs-next-new", "RS256", "NEXT", { createdAt: new Date("2025-01-03") });
    await key("es-next", "ES256", "NEXT");
    await key("fed-sig", "ES256", "CURRENT", { purpose: "FEDERATION" });
    // The federation entity key rotates only with `keys:rotate federation-entity`: its NEXT
    // must be registered with the federation first (docs/federation.md).
    await key("entity-current", "ES256", "CURRENT", { purpose: "FEDERATION_ENTITY" });
    await key("entity-next", "ES256", "NEXT", { purpose: "FEDERATION_ENTITY" });
  });

  test("promotes NEXT to CURRENT and retires CURRENT, per algorithm, at one time", async () => {
    const before = new Date();
    const result = await admin.admin.rotateSigningKeys();
    const after = new Date();
    expect(result).toEqual({
      retired: ["rs-current", "kid-current"],
      current: ["rs-next-old", "es-next"],
    });

    const rows = Object.fromEntries((await snapshot()).map((row) => [row.kid, row]));
    const at = rows["rs-current"]!.retiredAt!;
    expect(at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(at.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(rows).toMatchObject({
      "rs-current": { state: "RETIRED", retiredAt: at },
      "kid-current": { state: "RETIRED", retiredAt: at },
      "rs-next-old": { state: "CURRENT", activatedAt: at, retiredAt: null },
      "es-next": { state: "CURRENT", activatedAt: at, retiredAt: null },
      "rs-next-new": { state: "NEXT", activatedAt: null },
      "fed-sig": { state: "CURRENT", activatedAt: null, retiredAt: null },
      "entity-current": { state: "CURRENT", retiredAt: null },
      "entity-next": { state: "NEXT", activatedAt: null },
    });
    const listed = await admin.admin.signingKeys();
    expect(listed.filter((k) => k.state === "CURRENT")).toHaveLength(4);
    expect(listed.find((k) => k.kid === "entity-next")).toMatchObject({
      purpose: "FEDERATION_ENTITY",
      state: "NEXT",
    });
  });

  test("a second rotation before the broker restarts is refused, and nothing changes", async () => {
    // RS256 still has a NEXT, ES256 has none until a broker start creates it.
    const before = await snapshot();
    const error = await admin.admin.rotateSigningKeys().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).toBe(
      "A rotation is waiting for the broker to restart: restart the broker instances, then rotate again.",
    );
    expect(await snapshot()).toEqual(before);
  });
});
