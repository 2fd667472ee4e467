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
