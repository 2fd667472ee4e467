/**
 * Admin actions are audited (security review item 7): each one the portal offers writes one
 * event into the same hash chain as the broker's, with who did it and what changed, never a
 * secret. Admins see them in the audit view; developers, also the acting owner, do not.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  callerFor,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";

let world: TestWorld;
let admin: ReturnType<typeof callerFor>;
let adminId: string;
let owner: ReturnType<typeof callerFor>;
let ownerId: string;
let memberId: string;
let organizationId: string;
let idpId: string;

beforeAll(async () => {
  world = await createTestWorld();
  const adminUser = await world.prisma.user.create({
    data: { email: "auditor@lotse.example", role: "ADMIN" },
  });
  adminId = adminUser.id;
  admin = callerFor(world.prisma, { ...adminUser, role: "ADMIN" });
  const ownerUser = await createUser(world.prisma, "owner@a.example");
  ownerId = ownerUser.id;
  owner = callerFor(world.prisma, ownerUser);
  memberId = (await createUser(world.prisma, "member@a.example")).id;
  organizationId = (await owner.organization.create({ name: "Org A", slug: "org-a" })).id;
  await owner.application.create({ organizationId, settings: confidentialApp });
  await world.prisma.membership.create({ data: { userId: memberId, organizationId } });
  idpId = (
    await world.prisma.upstreamIdp.create({
      data: { issuer: "https://kasse.example", displayName: "Kasse" },
    })
  ).id;
  for (const [kid, alg, state] of [
    ["es-current", "ES256", "CURRENT"],
    ["es-next", "ES256", "NEXT"],
    ["rs-current", "RS256", "CURRENT"],
    ["rs-next", "RS256", "NEXT"],
  ] as const) {
    await world.prisma.signingKey.create({
      data: { kid, alg, encryptedPrivateJwk: "eyJ.secret", publicJwk: {}, state },
    });
  }
});

afterAll(() => world?.close());

const adminEvents = () =>
  world.prisma.auditEvent.findMany({
    where: { type: { startsWith: "admin." } },
    orderBy: { seq: "asc" },
  });

describe("admin actions", () => {
  test("each writes one event with the actor and the change", async () => {
    await admin.admin.setUserRole({ userId: memberId, role: "ADMIN" });
    await admin.admin.setUserRole({ userId: memberId, role: "DEVELOPER" });
    await admin.admin.setUserDisabled({ userId: memberId, disabled: true });
    await admin.admin.setUserDisabled({ userId: memberId, disabled: false });
    await world.prisma.rateLimitBucket.create({
      data: {
        key: "login:acct:member@a.example",
        count: 5,
        resetAt: new Date(Date.now() + 60_000),
      },
    });
    await admin.admin.unlockUser({ userId: memberId });
    await admin.admin.setUpstreamIdpEnabled({ idpId, enabled: false });
    await admin.admin.setUpstreamIdpEnabled({ idpId, enabled: true });
    await admin.admin.updateUpstreamIdp({
      idpId,
      display: { displayName: "Kasse Nord", logoUri: "" },
    });
    await admin.admin.rotateSigningKeys();
    const { token } = await owner.organization.createInvitation({
      organizationId,
      expiresInDays: 7,
    });
    const [invitation] = await owner.organization.invitations({ organizationId });
    await owner.organization.revokeInvitation({ organizationId, invitationId: invitation!.id });
    await owner.organization.changeMemberRole({ organizationId, userId: memberId, role: "OWNER" });
    await owner.organization.removeMember({ organizationId, userId: memberId });

    const events = await adminEvents();
    expect(
      events.map((event) => [event.type, (event.details as { actorUserId: string }).actorUserId]),
    ).toEqual([
      ["admin.user.role_changed", adminId],
      ["admin.user.role_changed", adminId],
      ["admin.user.disabled", adminId],
      ["admin.user.enabled", adminId],
      ["admin.user.unlocked", adminId],
      ["admin.idp.disabled", adminId],
      ["admin.idp.enabled", adminId],
      ["admin.idp.updated", adminId],
      ["admin.keys.rotated", adminId],
      ["admin.invitation.created", ownerId],
      ["admin.invitation.revoked", ownerId],
      ["admin.member.role_changed", ownerId],
      ["admin.member.removed", ownerId],
    ]);
    expect(events.map((event) => event.details)).toEqual([
      { actorUserId: adminId, targetUserId: memberId, from: "DEVELOPER", to: "ADMIN" },
      { actorUserId: adminId, targetUserId: memberId, from: "ADMIN", to: "DEVELOPER" },
      { actorUserId: adminId, targetUserId: memberId },
      { actorUserId: adminId, targetUserId: memberId },
      { actorUserId: adminId, targetUserId: memberId },
      { actorUserId: adminId, idpId, issuer: "https://kasse.example" },
      { actorUserId: adminId, idpId, issuer: "https://kasse.example" },
      {
        actorUserId: adminId,
        idpId,
        issuer: "https://kasse.example",
        displayName: { from: "Kasse", to: "Kasse Nord" },
      },
      {
        actorUserId: adminId,
        retired: expect.arrayContaining(["es-current", "rs-current"]),
        current: expect.arrayContaining(["es-next", "rs-next"]),
      },
      expect.objectContaining({
        actorUserId: ownerId,
        organizationId,
        invitationId: invitation!.id,
      }),
      { actorUserId: ownerId, organizationId, invitationId: invitation!.id },
      { actorUserId: ownerId, organizationId, targetUserId: memberId, from: "MEMBER", to: "OWNER" },
      { actorUserId: ownerId, organizationId, targetUserId: memberId, role: "OWNER" },
    ]);
    // No secret: not the invitation token, not key material.
    const stored = JSON.stringify(events, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    expect(stored).not.toContain(token);
    expect(stored).not.toContain("eyJ.secret");
    // They belong to no application.
    expect(events.every((event) => event.clientId === null && event.applicationId === null)).toBe(
      true,
    );
    // The same chain as the broker's: it still verifies.
    expect(await admin.audit.verifyChain()).toMatchObject({ ok: true });
  });

  test("a change that changes nothing writes nothing", async () => {
    const before = (await adminEvents()).length;
    await admin.admin.setUserDisabled({ userId: ownerId, disabled: false });
    await admin.admin.setUserRole({ userId: ownerId, role: "DEVELOPER" });
    await admin.admin.unlockUser({ userId: ownerId });
    expect((await adminEvents()).length).toBe(before);
  });

  test("admins see them in the audit view, developers do not", async () => {
    const types = async (caller: ReturnType<typeof callerFor>) =>
      (await caller.audit.list({ limit: 100 })).events.map((event) => event.type);
    expect(await types(admin)).toContain("admin.member.removed");
    expect((await types(owner)).filter((type) => type.startsWith("admin."))).toEqual([]);
  });
});
