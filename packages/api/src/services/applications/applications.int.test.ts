/**
 * Applications and client secrets against a real database, through the router as the
 * portal calls it: organization isolation on every procedure, secret-once, rotation grace.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TRPCError } from "@trpc/server";
import { verifyClientSecret } from "@lotse/db/client-secrets";
import {
  callerFor,
  codeOf,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";

let world: TestWorld;
let alice: ReturnType<typeof callerFor>;
let bob: ReturnType<typeof callerFor>;
let bobId: string;
let orgA: string;
let orgB: string;
let appB: { id: string; clientId: string };
let secretB: string;

beforeAll(async () => {
  world = await createTestWorld();
  alice = callerFor(world.prisma, await createUser(world.prisma, "alice@a.example"));
  const bobUser = await createUser(world.prisma, "bob@b.example");
  bobId = bobUser.id;
  bob = callerFor(world.prisma, bobUser);
  orgA = (await alice.organization.create({ name: "Org A", slug: "org-a" })).id;
  orgB = (await bob.organization.create({ name: "Org B", slug: "org-b" })).id;
  const created = await bob.application.create({ organizationId: orgB, settings: confidentialApp });
  appB = created.application;
  secretB = (await bob.application.secrets({ applicationId: appB.id }))[0]!.id;
});

afterAll(() => world?.close());

describe("a member of org A and org B's applications", () => {
  test("every procedure refuses, as if the record did not exist", async () => {
    const attempts: Record<string, () => Promise<unknown>> = {
      "organization.get": () => alice.organization.get({ organizationId: orgB }),
      "organization.invitations": () => alice.organization.invitations({ organizationId: orgB }),
      "organization.createInvitation": () =>
        alice.organization.createInvitation({ organizationId: orgB, expiresInDays: 1 }),
      "organization.revokeInvitation": () =>
        alice.organization.revokeInvitation({ organizationId: orgB, invitationId: "any" }),
      "organization.members": () => alice.organization.members({ organizationId: orgB }),
      "organization.changeMemberRole": () =>
        alice.organization.changeMemberRole({
          organizationId: orgB,
          userId: bobId,
          role: "MEMBER",
        }),
      "organization.removeMember": () =>
        alice.organization.removeMember({ organizationId: orgB, userId: bobId }),
      "application.list": () => alice.application.list({ organizationId: orgB }),
      "application.get": () => alice.application.get({ applicationId: appB.id }),
      "application.create": () =>
        alice.application.create({
          organizationId: orgB,
          settings: confidentialApp,
        }),
      "application.update": () =>
        alice.application.update({
          applicationId: appB.id,
          settings: { ...confidentialApp, name: "hijacked" },
        }),
      "application.addRedirectUri": () =>
        alice.application.addRedirectUri({
          applicationId: appB.id,
          redirectUri: "https://evil.example/cb",
        }),
      "application.delete": () => alice.application.delete({ applicationId: appB.id }),
      "application.secrets": () => alice.application.secrets({ applicationId: appB.id }),
      "application.rotateSecret": () =>
        alice.application.rotateSecret({
          applicationId: appB.id,
          graceSeconds: 0,
        }),
      "application.revokeSecret": () =>
        alice.application.revokeSecret({
          applicationId: appB.id,
          secretId: secretB,
        }),
    };
    const codes: Record<string, string> = {};
    for (const [name, attempt] of Object.entries(attempts)) codes[name] = await codeOf(attempt());
    expect(codes).toEqual(Object.fromEntries(Object.keys(attempts).map((k) => [k, "NOT_FOUND"])));
  });

  test("nothing of org B changed, and org A's lists never show it", async () => {
    const app = await world.prisma.application.findUniqueOrThrow({
      where: { id: appB.id },
      include: { secrets: true },
    });
    expect(app.name).toBe(confidentialApp.name);
    expect(app.secrets).toHaveLength(1);
    expect(app.secrets[0]).toMatchObject({ revokedAt: null, expiresAt: null });
    expect(await world.prisma.application.count({ where: { organizationId: orgB } })).toBe(1);
    expect(
      await world.prisma.membership.findMany({
        where: { organizationId: orgB },
        select: { userId: true, role: true },
      }),
    ).toEqual([{ userId: bobId, role: "OWNER" }]);
    expect((await alice.organization.list()).map((o) => o.slug)).toEqual(["org-a"]);
    expect(await alice.application.list({ organizationId: orgA })).toEqual([]);
  });

  test("an anonymous caller is refused", async () => {
    const anonymous = callerFor(world.prisma, { id: "nobody", email: "nobody@x.example" });
    expect(await codeOf(anonymous.organization.list())).toBe("UNAUTHORIZED");
  });
});

describe("client secrets", () => {
  test("are shown once at creation and stored only as a hash", async () => {
    const created = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    const secret = created.secret!.clientSecret;
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(created.application.clientId).toMatch(/^lotse_[\w-]{20}$/);

    const rows = await world.prisma.clientSecret.findMany({
      where: { applicationId: created.application.id },
    });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(verifyClientSecret(secret, rows[0]!.hash)).toBe(true);

    // Nothing afterwards returns it again.
    const again = JSON.stringify([
      await alice.application.get({ applicationId: created.application.id }),
      await alice.application.secrets({ applicationId: created.application.id }),
      await alice.application.list({ organizationId: orgA }),
    ]);
    expect(again).not.toContain(secret);
    expect(again).not.toContain(rows[0]!.hash);
  });

  test("public applications get none", async () => {
    const created = await alice.application.create({
      organizationId: orgA,
      settings: { ...confidentialApp, type: "PUBLIC" },
    });
    expect(created.secret).toBeNull();
    expect(
      await codeOf(
        alice.application.rotateSecret({ applicationId: created.application.id, graceSeconds: 0 }),
      ),
    ).toBe("BAD_REQUEST");
  });

  test("rotation keeps the old secret valid until the grace period ends, then not", async () => {
    const { application, secret } = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    const before = Date.now();
    const rotated = await alice.application.rotateSecret({
      applicationId: application.id,
      graceSeconds: 3600,
    });
    expect(rotated.clientSecret).not.toBe(secret!.clientSecret);

    /** The broker's rule (apps/broker/src/applications/verify-client-secret.ts). */
    const accepts = async (presented: string, at: Date) => {
      const rows = await world.prisma.clientSecret.findMany({
        where: {
          applicationId: application.id,
          revokedAt: null,
          OR: [{ expiresAt: null }, { expiresAt: { gt: at } }],
        },
      });
      return rows.some((row) => verifyClientSecret(presented, row.hash));
    };

    const old = await world.prisma.clientSecret.findUniqueOrThrow({
      where: { id: secret!.secretId },
    });
    expect(old.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(old.expiresAt!.getTime()).toBeLessThan(Date.now() + 3600_000 + 1000);

    const duringGrace = new Date(old.expiresAt!.getTime() - 1000);
    const afterGrace = new Date(old.expiresAt!.getTime() + 1000);
    expect(await accepts(secret!.clientSecret, new Date())).toBe(true);
    expect(await accepts(secret!.clientSecret, duringGrace)).toBe(true);
    expect(await accepts(secret!.clientSecret, afterGrace)).toBe(false);
    expect(await accepts(rotated.clientSecret, afterGrace)).toBe(true);

    const statuses = await alice.application.secrets({ applicationId: application.id });
    expect(statuses.map((s) => s.status)).toEqual(["active", "expiring"]);

    // Revoking ends a secret at once, grace or not.
    await alice.application.revokeSecret({
      applicationId: application.id,
      secretId: secret!.secretId,
    });
    expect(await accepts(secret!.clientSecret, new Date())).toBe(false);
    expect(await accepts(rotated.clientSecret, new Date())).toBe(true);
  });

  test("a rotation without grace ends the old secret now", async () => {
    const { application, secret } = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    await alice.application.rotateSecret({ applicationId: application.id, graceSeconds: 0 });
    const old = await world.prisma.clientSecret.findUniqueOrThrow({
      where: { id: secret!.secretId },
    });
    expect(old.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("application settings", () => {
  test("bad redirect URIs are rejected with a message on their index, and nothing is saved", async () => {
    const count = await world.prisma.application.count();
    const error = await alice.application
      .create({
        organizationId: orgA,
        settings: {
          ...confidentialApp,
          redirectUris: ["https://ok.example/cb", "http://evil.example/cb", "https://x.example/*"],
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(await world.prisma.application.count()).toBe(count);
  });

  test("an edit changes the settings but never the client id", async () => {
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    const updated = await alice.application.update({
      applicationId: application.id,
      settings: {
        ...confidentialApp,
        name: "Renamed",
        // A private-use scheme is for native apps only (schemas/platform.ts).
        platform: "NATIVE",
        redirectUris: ["de.example.app:/cb", "http://localhost:3000/cb"],
        allowedScopes: ["openid", "offline_access"],
        allowedGrantTypes: ["authorization_code", "refresh_token"],
      },
    });
    expect(updated).toMatchObject({
      name: "Renamed",
      clientId: application.clientId,
      redirectUris: ["de.example.app:/cb", "http://localhost:3000/cb"],
    });
    expect(
      await codeOf(
        alice.application.update({
          applicationId: application.id,
          settings: { ...confidentialApp, type: "PUBLIC" },
        }),
      ),
    ).toBe("BAD_REQUEST");
  });

  test("allowed IDPs: known issuers are saved, unknown ones refused on their field", async () => {
    const nord = await world.prisma.upstreamIdp.create({
      data: { issuer: "https://idp.nord.example", displayName: "Nord" },
    });
    const off = await world.prisma.upstreamIdp.create({
      data: { issuer: "https://idp.off.example", displayName: "Off", enabled: false },
    });
    const options = await alice.application.idpOptions();
    expect(options).toEqual(
      expect.arrayContaining([
        { issuer: nord.issuer, displayName: "Nord", pkv: false, enabled: true },
        { issuer: off.issuer, displayName: "Off", pkv: false, enabled: false },
      ]),
    );

    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: { ...confidentialApp, allowedIdps: [nord.issuer] },
    });
    expect(application.allowedIdps).toEqual([nord.issuer]);

    const error = await alice.application
      .update({
        applicationId: application.id,
        settings: { ...confidentialApp, allowedIdps: [nord.issuer, "https://unknown.example"] },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toBe("Unknown identity provider https://unknown.example.");
    expect((await alice.application.get({ applicationId: application.id })).allowedIdps).toEqual([
      nord.issuer,
    ]);

    // Empty means every enabled insurer, including ones added later.
    const widened = await alice.application.update({
      applicationId: application.id,
      settings: { ...confidentialApp, allowedIdps: [] },
    });
    expect(widened.allowedIdps).toEqual([]);
  });

  test("adding one redirect URI keeps every other setting as stored now", async () => {
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    // A change made after the Try-it card was rendered must survive the addition.
    await alice.application.update({
      applicationId: application.id,
      settings: { ...confidentialApp, name: "Changed meanwhile" },
    });
    const added = await alice.application.addRedirectUri({
      applicationId: application.id,
      redirectUri: "http://localhost:3000/try-it/callback",
    });
    expect(added).toMatchObject({
      name: "Changed meanwhile",
      redirectUris: [...confidentialApp.redirectUris, "http://localhost:3000/try-it/callback"],
    });
    // Twice is once; a bad URI is refused with the redirect URI rules.
    expect(
      (
        await alice.application.addRedirectUri({
          applicationId: application.id,
          redirectUri: "http://localhost:3000/try-it/callback",
        })
      ).redirectUris,
    ).toHaveLength(2);
    expect(
      await codeOf(
        alice.application.addRedirectUri({
          applicationId: application.id,
          redirectUri: "https://x.example/*",
        }),
      ),
    ).toBe("BAD_REQUEST");
  });

  test("delete removes the application and its secrets", async () => {
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    await alice.application.delete({ applicationId: application.id });
    expect(await world.prisma.application.findUnique({ where: { id: application.id } })).toBeNull();
    expect(
      await world.prisma.clientSecret.count({ where: { applicationId: application.id } }),
    ).toBe(0);
  });
});
