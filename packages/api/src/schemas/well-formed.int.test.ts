/**
 * Procedures given an id or a text with a NUL or a lone surrogate answer BAD_REQUEST (the
 * input schema refuses it), never INTERNAL_SERVER_ERROR from the database
 * (docs/security.md "Malformed text").
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  callerFor,
  codeOf,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../testing/fixtures.js";

type Caller = ReturnType<typeof callerFor>;

let world: TestWorld;
let developer: Caller;
let admin: Caller;
let organizationId: string;
let applicationId: string;

beforeAll(async () => {
  world = await createTestWorld();
  developer = callerFor(world.prisma, await createUser(world.prisma, "dana@dev.example"));
  const adminUser = await createUser(world.prisma, "ada@admin.example");
  admin = callerFor(world.prisma, { ...adminUser, role: "ADMIN" });
  await world.prisma.user.update({ where: { id: adminUser.id }, data: { role: "ADMIN" } });
  organizationId = (await developer.organization.create({ name: "Praxis", slug: "praxis-wf" })).id;
  applicationId = (
    await developer.application.create({ organizationId, settings: confidentialApp })
  ).application.id;
});
afterAll(() => world?.close());

const MALFORMED: Array<[string, string]> = [
  ["NUL", "\u0000"],
  ["NUL inside", "app\u0000id"],
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate", "id\udc00"],
];

/** Every procedure with a string input, called with `bad` in one field. */
const calls = (bad: string): Array<[string, () => Promise<unknown>]> => [
  ["application.get", () => developer.application.get({ applicationId: bad })],
  ["application.list", () => developer.application.list({ organizationId: bad })],
  ["application.secrets", () => developer.application.secrets({ applicationId: bad })],
  ["application.delete", () => developer.application.delete({ applicationId: bad })],
  [
    "application.rotateSecret",
    () => developer.application.rotateSecret({ applicationId: bad, graceSeconds: 0 }),
  ],
  [
    "application.revokeSecret",
    () => developer.application.revokeSecret({ applicationId, secretId: bad }),
  ],
  [
    "application.create organizationId",
    () => developer.application.create({ organizationId: bad, settings: confidentialApp }),
  ],
  [
    "application.create name",
    () =>
      developer.application.create({
        organizationId,
        settings: { ...confidentialApp, name: `Praxis ${bad}` },
      }),
  ],
  [
    "application.update redirect URI",
    () =>
      developer.application.update({
        applicationId,
        settings: { ...confidentialApp, redirectUris: [`https://praxis.example/cb${bad}`] },
      }),
  ],
  [
    "application.update allowed IDP",
    () =>
      developer.application.update({
        applicationId,
        settings: { ...confidentialApp, allowedIdps: [`https://idp.example/${bad}`] },
      }),
  ],
  [
    "application.addRedirectUri",
    () =>
      developer.application.addRedirectUri({
        applicationId: bad,
        redirectUri: "https://praxis.example/other",
      }),
  ],
  ["organization.get", () => developer.organization.get({ organizationId: bad })],
  ["organization.members", () => developer.organization.members({ organizationId: bad })],
  ["organization.invitations", () => developer.organization.invitations({ organizationId: bad })],
  [
    "organization.create name",
    () => developer.organization.create({ name: `Praxis ${bad}`, slug: "praxis-bad" }),
  ],
  [
    "organization.createInvitation",
    () => developer.organization.createInvitation({ organizationId: bad, expiresInDays: 7 }),
  ],
  [
    "organization.revokeInvitation",
    () => developer.organization.revokeInvitation({ organizationId, invitationId: bad }),
  ],
  [
    "organization.removeMember",
    () => developer.organization.removeMember({ organizationId, userId: bad }),
  ],
  [
    "organization.previewInvitation",
    () => developer.organization.previewInvitation({ token: bad.padEnd(24, "x") }),
  ],
  [
    "organization.acceptInvitation",
    () => developer.organization.acceptInvitation({ token: bad.padEnd(24, "x") }),
  ],
  ["audit.flow", () => developer.audit.flow({ flowId: bad })],
  ["audit.list", () => developer.audit.list({ filter: { clientId: bad } })],
  ["audit.export", () => developer.audit.export({ filter: { subject: bad }, format: "csv" })],
  ["admin.setUserDisabled", () => admin.admin.setUserDisabled({ userId: bad, disabled: true })],
  ["admin.setUserRole", () => admin.admin.setUserRole({ userId: bad, role: "ADMIN" })],
  [
    "admin.setUpstreamIdpEnabled",
    () => admin.admin.setUpstreamIdpEnabled({ idpId: bad, enabled: false }),
  ],
  [
    "admin.updateUpstreamIdp",
    () =>
      admin.admin.updateUpstreamIdp({
        idpId: "some-idp",
        display: { displayName: `Kasse ${bad}`, logoUri: "" },
      }),
  ],
];

describe.each(MALFORMED)("a string input with %s", (_name, bad) => {
  test("is a BAD_REQUEST at every procedure", async () => {
    const answers: Record<string, string> = {};
    for (const [name, call] of calls(bad)) answers[name] = await codeOf(call());
    const expected = Object.fromEntries(calls(bad).map(([name]) => [name, "BAD_REQUEST"]));
    expect(answers).toEqual(expected);
  });
});

test("the field error names the problem, for the form to show", async () => {
  await expect(developer.application.get({ applicationId: "\u0000" })).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: expect.stringContaining("NUL"),
  });
});
