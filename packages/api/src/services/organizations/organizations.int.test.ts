/** Organizations, members and invitation links against a real database. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { callerFor, createTestWorld, createUser, type TestWorld } from "../../testing/fixtures.js";

let world: TestWorld;
let owner: ReturnType<typeof callerFor>;
let organizationId: string;

beforeAll(async () => {
  world = await createTestWorld();
  owner = callerFor(world.prisma, await createUser(world.prisma, "olga@org.example"));
  organizationId = (await owner.organization.create({ name: "Praxis Nord", slug: "praxis-nord" }))
    .id;
});
afterAll(() => world?.close());

const newCaller = async (email: string) =>
  callerFor(world.prisma, await createUser(world.prisma, email));

describe("organizations", () => {
  test("the creator is the owner and the only member", async () => {
    expect(await owner.organization.list()).toEqual([
      expect.objectContaining({ slug: "praxis-nord", role: "OWNER", applicationCount: 0 }),
    ]);
    const members = await owner.organization.members({ organizationId });
    expect(members.map((m) => [m.email, m.role])).toEqual([["olga@org.example", "OWNER"]]);
  });

  test("a taken slug is reported on the slug field", async () => {
    await expect(
      owner.organization.create({ name: "Other", slug: "praxis-nord" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "This slug is taken." });
  });
});

describe("invitation links", () => {
  test("an accepted link adds a MEMBER, once, and stores only the token's hash", async () => {
    const { token } = await owner.organization.createInvitation({
      organizationId,
      expiresInDays: 7,
    });
    const rows = await world.prisma.invitation.findMany();
    expect(JSON.stringify(rows)).not.toContain(token);

    const mia = await newCaller("mia@org.example");
    expect(await mia.organization.previewInvitation({ token })).toEqual({
      organizationName: "Praxis Nord",
      alreadyMember: false,
    });
    expect(await mia.organization.acceptInvitation({ token })).toEqual({ organizationId });
    expect((await mia.organization.list()).map((o) => [o.slug, o.role])).toEqual([
      ["praxis-nord", "MEMBER"],
    ]);

    const noah = await newCaller("noah@org.example");
    await expect(noah.organization.acceptInvitation({ token })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await noah.organization.list()).toEqual([]);
  });

  test("expired and revoked links do not work", async () => {
    const expired = await owner.organization.createInvitation({ organizationId, expiresInDays: 1 });
    await world.prisma.invitation.update({
      where: { id: expired.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const revoked = await owner.organization.createInvitation({ organizationId, expiresInDays: 1 });
    await owner.organization.revokeInvitation({
      organizationId,
      invitationId: revoked.invitation.id,
    });

    const olaf = await newCaller("olaf@org.example");
    for (const { token } of [expired, revoked]) {
      await expect(olaf.organization.acceptInvitation({ token })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    expect(await olaf.organization.list()).toEqual([]);
  });

  test("only owners invite; members are refused, outsiders see nothing", async () => {
    const member = await newCaller("member@org.example");
    const { token } = await owner.organization.createInvitation({
      organizationId,
      expiresInDays: 1,
    });
    await member.organization.acceptInvitation({ token });
    await expect(
      member.organization.createInvitation({ organizationId, expiresInDays: 1 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(member.organization.invitations({ organizationId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const outsider = await newCaller("outsider@else.example");
    await expect(
      outsider.organization.createInvitation({ organizationId, expiresInDays: 1 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("an owner who follows a link keeps the OWNER role", async () => {
    const { token } = await owner.organization.createInvitation({
      organizationId,
      expiresInDays: 1,
    });
    expect(await owner.organization.previewInvitation({ token })).toMatchObject({
      alreadyMember: true,
    });
    await owner.organization.acceptInvitation({ token });
    expect((await owner.organization.list())[0]!.role).toBe("OWNER");
  });
});

describe("members", () => {
  type Caller = ReturnType<typeof callerFor>;
  let counter = 0;

  /** A fresh organization with one owner and the given members (joined by link). */
  async function team(...memberNames: string[]) {
    const n = ++counter;
    const ownerUser = await createUser(world.prisma, `owner-${n}@team.example`);
    const teamOwner = callerFor(world.prisma, ownerUser);
    const id = (await teamOwner.organization.create({ name: `Team ${n}`, slug: `team-${n}` })).id;
    const joined: { caller: Caller; userId: string }[] = [];
    for (const name of memberNames) {
      const user = await createUser(world.prisma, `${name}-${n}@team.example`);
      const caller = callerFor(world.prisma, user);
      const { token } = await teamOwner.organization.createInvitation({
        organizationId: id,
        expiresInDays: 1,
      });
      await caller.organization.acceptInvitation({ token });
      joined.push({ caller, userId: user.id });
    }
    const roles = async () =>
      (await teamOwner.organization.members({ organizationId: id }))
        .map((m) => `${m.email.split("-")[0]}:${m.role}`)
        .sort();
    return { id, owner: teamOwner, ownerId: ownerUser.id, members: joined, roles };
  }

  test("an owner makes a member an owner and a member again", async () => {
    const t = await team("mara");
    const mara = t.members[0]!;
    await t.owner.organization.changeMemberRole({
      organizationId: t.id,
      userId: mara.userId,
      role: "OWNER",
    });
    expect(await t.roles()).toEqual(["mara:OWNER", "owner:OWNER"]);
    // The new owner may now do owner things, including demoting the first owner.
    await mara.caller.organization.changeMemberRole({
      organizationId: t.id,
      userId: t.ownerId,
      role: "MEMBER",
    });
    expect(await t.roles()).toEqual(["mara:OWNER", "owner:MEMBER"]);
  });

  test("an owner removes a member, who then no longer sees the organization", async () => {
    const t = await team("rolf", "rita");
    const rolf = t.members[0]!;
    await t.owner.organization.removeMember({ organizationId: t.id, userId: rolf.userId });
    expect(await t.roles()).toEqual(["owner:OWNER", "rita:MEMBER"]);
    expect(await rolf.caller.organization.list()).toEqual([]);
    await expect(rolf.caller.organization.get({ organizationId: t.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("a member leaves by removing themselves", async () => {
    const t = await team("lea");
    const lea = t.members[0]!;
    await lea.caller.organization.removeMember({ organizationId: t.id, userId: lea.userId });
    expect(await t.roles()).toEqual(["owner:OWNER"]);
    expect(await lea.caller.organization.list()).toEqual([]);
  });

  test("the last owner can neither be demoted nor leave; with a second owner they can", async () => {
    const t = await team("max");
    await expect(
      t.owner.organization.changeMemberRole({
        organizationId: t.id,
        userId: t.ownerId,
        role: "MEMBER",
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You are the only owner. Make another member an owner first.",
    });
    await expect(
      t.owner.organization.removeMember({ organizationId: t.id, userId: t.ownerId }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You are the only owner. Make another member an owner before you leave.",
    });
    expect(await t.roles()).toEqual(["max:MEMBER", "owner:OWNER"]);

    await t.owner.organization.changeMemberRole({
      organizationId: t.id,
      userId: t.members[0]!.userId,
      role: "OWNER",
    });
    await t.owner.organization.removeMember({ organizationId: t.id, userId: t.ownerId });
    expect(
      (await t.members[0]!.caller.organization.members({ organizationId: t.id })).map(
        (m) => m.role,
      ),
    ).toEqual(["OWNER"]);
  });

  test("a MEMBER may not change roles or remove others, and nothing changes", async () => {
    const t = await team("mo", "mia");
    const [mo, mia] = [t.members[0]!, t.members[1]!];
    const attempts = [
      () =>
        mo.caller.organization.changeMemberRole({
          organizationId: t.id,
          userId: mo.userId,
          role: "OWNER",
        }),
      () =>
        mo.caller.organization.changeMemberRole({
          organizationId: t.id,
          userId: t.ownerId,
          role: "MEMBER",
        }),
      () => mo.caller.organization.removeMember({ organizationId: t.id, userId: mia.userId }),
      () => mo.caller.organization.removeMember({ organizationId: t.id, userId: t.ownerId }),
    ];
    for (const attempt of attempts)
      await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.roles()).toEqual(["mia:MEMBER", "mo:MEMBER", "owner:OWNER"]);
  });

  test("an outsider gets NOT_FOUND for every member action, and nothing changes", async () => {
    const t = await team("ida");
    const outsider = await newCaller(`outsider-${counter}@else.example`);
    const attempts = [
      () =>
        outsider.organization.changeMemberRole({
          organizationId: t.id,
          userId: t.ownerId,
          role: "MEMBER",
        }),
      () => outsider.organization.removeMember({ organizationId: t.id, userId: t.ownerId }),
      () =>
        outsider.organization.removeMember({ organizationId: t.id, userId: t.members[0]!.userId }),
      () => outsider.organization.members({ organizationId: t.id }),
    ];
    for (const attempt of attempts)
      await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.roles()).toEqual(["ida:MEMBER", "owner:OWNER"]);
  });

  test("a user who is not in the organization is not found as a target", async () => {
    const t = await team();
    const stranger = await createUser(world.prisma, `stranger-${counter}@else.example`);
    await expect(
      t.owner.organization.removeMember({ organizationId: t.id, userId: stranger.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Member not found." });
  });

  test("two owners demoting each other at once leave exactly one owner", async () => {
    for (let round = 0; round < 5; round++) {
      const t = await team("zoe");
      const zoe = t.members[0]!;
      await t.owner.organization.changeMemberRole({
        organizationId: t.id,
        userId: zoe.userId,
        role: "OWNER",
      });
      const results = await Promise.allSettled([
        t.owner.organization.changeMemberRole({
          organizationId: t.id,
          userId: zoe.userId,
          role: "MEMBER",
        }),
        zoe.caller.organization.removeMember({ organizationId: t.id, userId: zoe.userId }),
        zoe.caller.organization.changeMemberRole({
          organizationId: t.id,
          userId: t.ownerId,
          role: "MEMBER",
        }),
      ]);
      const owners = await world.prisma.membership.count({
        where: { organizationId: t.id, role: "OWNER" },
      });
      expect(owners, JSON.stringify(results.map((r) => r.status))).toBe(1);
      for (const result of results) {
        if (result.status === "rejected") {
          expect(result.reason).toMatchObject({
            code: expect.stringMatching(/CONFLICT|FORBIDDEN|NOT_FOUND/),
          });
        }
      }
    }
  });
});
