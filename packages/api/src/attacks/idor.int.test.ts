/**
 * Attack battery, portal: insecure direct object references (OWASP ASVS V4.2.1, "Access
 * Control": a user reaches only their own records, whatever id they send). A member of
 * organisation A calls every procedure with the ids of organisation B's records; each call is
 * refused with NOT_FOUND (not found and not yours look alike, so ids cannot be probed) or
 * FORBIDDEN, and the database is exactly as before. Also: a developer calling the admin
 * console, and sessions that must have ended (disabled, deleted, password changed).
 *
 * Layer: the tRPC routers with a real database, as the portal's HTTP endpoint calls them
 * (the session is what next-auth decoded from the cookie).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { appendAuditEvents } from "../testing/audit-events.js";
import {
  callerFor,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../testing/fixtures.js";
import { databaseState, refusalOf } from "./support/refusal.js";

type Caller = ReturnType<typeof callerFor>;

let world: TestWorld;
let alice: Caller; // owner of organisation A: the attacker
let bob: Caller; // owner of organisation B: the victim
let dave: Caller; // a plain member of organisation A
let orgA: string;
let orgB: string;
let aliceApp: string;
let bobApp: string;
let bobClientId: string;
let bobSecretId: string;
let bobApiId: string;
let bobInvitationId: string;
let carolId: string;
let before: Awaited<ReturnType<typeof databaseState>>;

const BOB_API = "https://api.org-b.example";
const BOB_FLOW = "flow-of-org-b";
const bobSettings = {
  ...confidentialApp,
  name: "B's app",
  smart: {
    enabled: true,
    launchUrl: "https://app.org-b.example/launch",
    fhirBaseUrl: "https://fhir.org-b.example/r4",
    launchScopes: ["launch" as const],
    resourceScopes: [],
    userType: "PRACTITIONER" as const,
  },
};

beforeAll(async () => {
  world = await createTestWorld();
  const user = (email: string) => createUser(world.prisma, email);
  alice = callerFor(world.prisma, await user("alice@a.example"));
  bob = callerFor(world.prisma, await user("bob@b.example"));
  const daveUser = await user("dave@a.example");
  dave = callerFor(world.prisma, daveUser);
  const carol = await user("carol@b.example");
  carolId = carol.id;
  orgA = (await alice.organization.create({ name: "Org A", slug: "org-a" })).id;
  orgB = (await bob.organization.create({ name: "Org B", slug: "org-b" })).id;
  const { token: daveToken } = await alice.organization.createInvitation({ organizationId: orgA });
  await dave.organization.acceptInvitation({ token: daveToken });
  const { token: carolToken } = await bob.organization.createInvitation({ organizationId: orgB });
  await callerFor(world.prisma, carol).organization.acceptInvitation({ token: carolToken });
  bobInvitationId = (await bob.organization.createInvitation({ organizationId: orgB })).invitation
    .id;

  aliceApp = (
    await alice.application.create({
      organizationId: orgA,
      settings: { ...confidentialApp, name: "A's app" },
    })
  ).application.id;
  bobApiId = (
    await bob.api.create({
      organizationId: orgB,
      settings: {
        name: "B's API",
        identifier: BOB_API,
        scopes: ["b.read"],
        tokenFormat: "JWT",
        accessTokenTtl: 300,
      },
    })
  ).id;
  const created = await bob.application.create({
    organizationId: orgB,
    settings: { ...bobSettings, apiGrants: [{ identifier: BOB_API, scopes: ["b.read"] }] },
  });
  bobApp = created.application.id;
  bobClientId = created.application.clientId;
  bobSecretId = created.secret!.secretId;
  await appendAuditEvents(world.prisma, [
    { type: "authorize.request", clientId: bobClientId, flowId: BOB_FLOW, subject: "sub-b" },
    { type: "token.issued", clientId: bobClientId, flowId: BOB_FLOW, subject: "sub-b" },
  ]);
});
afterAll(async () => world?.close());

beforeEach(async () => {
  before = await databaseState(world.prisma);
});

/** Each case ends here: the exact refusal, and not one row changed. */
async function expectRefused(call: Promise<unknown>, code: "NOT_FOUND" | "FORBIDDEN") {
  const refusal = await refusalOf(call);
  expect(refusal.code).toBe(code);
  expect(await databaseState(world.prisma)).toEqual(before);
  return refusal;
}

describe("attack: IDOR on another organisation's applications", () => {
  test("read B's application by id", async () => {
    const refusal = await expectRefused(
      alice.application.get({ applicationId: bobApp }),
      "NOT_FOUND",
    );
    expect(refusal.message).toBe("Application not found.");
  });

  test("list B's applications by organisation id", async () => {
    await expectRefused(alice.application.list({ organizationId: orgB }), "NOT_FOUND");
  });

  test("create an application in B", async () => {
    await expectRefused(
      alice.application.create({ organizationId: orgB, settings: confidentialApp }),
      "NOT_FOUND",
    );
  });

  test("update B's application (redirect URIs to the attacker's)", async () => {
    await expectRefused(
      alice.application.update({
        applicationId: bobApp,
        settings: { ...bobSettings, redirectUris: ["https://evil.example/cb"] },
      }),
      "NOT_FOUND",
    );
  });

  test("add a redirect URI to B's application", async () => {
    await expectRefused(
      alice.application.addRedirectUri({
        applicationId: bobApp,
        redirectUri: "https://evil.example/cb",
      }),
      "NOT_FOUND",
    );
  });

  test("delete B's application", async () => {
    await expectRefused(alice.application.delete({ applicationId: bobApp }), "NOT_FOUND");
  });

  test("list B's secrets", async () => {
    await expectRefused(alice.application.secrets({ applicationId: bobApp }), "NOT_FOUND");
  });

  test("rotate B's secret (and be shown the new one)", async () => {
    await expectRefused(
      alice.application.rotateSecret({ applicationId: bobApp, graceSeconds: 0 }),
      "NOT_FOUND",
    );
  });

  test("revoke B's secret through B's application", async () => {
    await expectRefused(
      alice.application.revokeSecret({ applicationId: bobApp, secretId: bobSecretId }),
      "NOT_FOUND",
    );
  });

  test("revoke B's secret through one's own application's id", async () => {
    const refusal = await expectRefused(
      alice.application.revokeSecret({ applicationId: aliceApp, secretId: bobSecretId }),
      "NOT_FOUND",
    );
    expect(refusal.message).toBe("Secret not found.");
  });
});

describe("attack: IDOR on another organisation's APIs and grants", () => {
  test("read B's API", async () => {
    await expectRefused(alice.api.get({ apiId: bobApiId }), "NOT_FOUND");
  });

  test("list B's APIs", async () => {
    await expectRefused(alice.api.list({ organizationId: orgB }), "NOT_FOUND");
  });

  test("create an API in B", async () => {
    await expectRefused(
      alice.api.create({
        organizationId: orgB,
        settings: {
          name: "Planted",
          identifier: "https://planted.example",
          scopes: ["x"],
          tokenFormat: "JWT",
          accessTokenTtl: 300,
        },
      }),
      "NOT_FOUND",
    );
  });

  test("update B's API", async () => {
    await expectRefused(
      alice.api.update({
        apiId: bobApiId,
        settings: {
          name: "Hijacked",
          identifier: BOB_API,
          scopes: ["b.read", "b.write"],
          tokenFormat: "OPAQUE",
          accessTokenTtl: 86_400,
        },
      }),
      "NOT_FOUND",
    );
  });

  test("delete B's API", async () => {
    await expectRefused(alice.api.delete({ apiId: bobApiId }), "NOT_FOUND");
  });

  test("grant one's own application the scopes of B's API", async () => {
    const refusal = await refusalOf(
      alice.application.update({
        applicationId: aliceApp,
        settings: {
          ...confidentialApp,
          name: "A's app",
          apiGrants: [{ identifier: BOB_API, scopes: ["b.read"] }],
        },
      }),
    );
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(refusal.fieldErrors).toEqual({
      "settings.apiGrants.0": [`${BOB_API} is not an API of this organization.`],
    });
    expect(await databaseState(world.prisma)).toEqual(before);
  });

  test("exchange tokens for B's application (token exchange audience)", async () => {
    const refusal = await refusalOf(
      alice.application.update({
        applicationId: aliceApp,
        settings: {
          ...confidentialApp,
          name: "A's app",
          tokenExchange: {
            ...confidentialApp.tokenExchange,
            enabled: true,
            audiences: [bobClientId],
          },
        },
      }),
    );
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(Object.keys(refusal.fieldErrors)).toEqual(["settings.tokenExchange.audiences"]);
    expect(await databaseState(world.prisma)).toEqual(before);
  });
});

describe("attack: IDOR on another organisation's SMART launcher", () => {
  test("create a launch for B's application", async () => {
    await expectRefused(
      alice.smart.createLaunch({
        applicationId: bobApp,
        launchType: "EHR_PROVIDER",
        patientId: "p1",
      }),
      "NOT_FOUND",
    );
  });

  test("read the launcher directory of B's application", async () => {
    await expectRefused(alice.smart.directory({ applicationId: bobApp }), "NOT_FOUND");
  });
});

describe("attack: IDOR on another organisation's members and invitations", () => {
  test("read B", async () => {
    await expectRefused(alice.organization.get({ organizationId: orgB }), "NOT_FOUND");
  });

  test("list B's members", async () => {
    await expectRefused(alice.organization.members({ organizationId: orgB }), "NOT_FOUND");
  });

  test("list B's invitations (their links are the way in)", async () => {
    await expectRefused(alice.organization.invitations({ organizationId: orgB }), "NOT_FOUND");
  });

  test("invite oneself into B", async () => {
    await expectRefused(alice.organization.createInvitation({ organizationId: orgB }), "NOT_FOUND");
  });

  test("revoke B's invitation", async () => {
    await expectRefused(
      alice.organization.revokeInvitation({ organizationId: orgB, invitationId: bobInvitationId }),
      "NOT_FOUND",
    );
  });

  test("revoke B's invitation under one's own organisation's id", async () => {
    const refusal = await expectRefused(
      alice.organization.revokeInvitation({ organizationId: orgA, invitationId: bobInvitationId }),
      "NOT_FOUND",
    );
    expect(refusal.message).toBe("Invitation not found.");
  });

  test("make oneself owner of B (change a member's role)", async () => {
    await expectRefused(
      alice.organization.changeMemberRole({ organizationId: orgB, userId: carolId, role: "OWNER" }),
      "NOT_FOUND",
    );
  });

  test("remove a member of B", async () => {
    await expectRefused(
      alice.organization.removeMember({ organizationId: orgB, userId: carolId }),
      "NOT_FOUND",
    );
  });

  test("a plain member of A invites someone (owners only)", async () => {
    const refusal = await expectRefused(
      dave.organization.createInvitation({ organizationId: orgA }),
      "FORBIDDEN",
    );
    expect(refusal.message).toBe("Only owners can do this.");
  });
});

describe("attack: IDOR on another organisation's audit events", () => {
  test("B's flow by its flow id", async () => {
    const refusal = await expectRefused(alice.audit.flow({ flowId: BOB_FLOW }), "NOT_FOUND");
    expect(refusal.message).toBe("Flow not found.");
  });

  test("B's events by client id and by flow id in the list filter", async () => {
    for (const filter of [{ clientId: bobClientId }, { flowId: BOB_FLOW }, { subject: "sub-b" }])
      expect((await alice.audit.list({ filter })).events).toEqual([]);
    expect(await databaseState(world.prisma)).toEqual(before);
  });

  test("B's events in the export, by client id", async () => {
    const exported = await alice.audit.export({
      filter: { clientId: bobClientId },
      format: "json",
    });
    expect(exported.rows).toBe(0);
    expect(exported.body).not.toContain(BOB_FLOW);
    expect(await databaseState(world.prisma)).toEqual(before);
  });

  test("B's application in the filter options and the overview", async () => {
    const options = await alice.audit.filterOptions();
    expect(options.applications.map((application) => application.clientId)).not.toContain(
      bobClientId,
    );
    expect(JSON.stringify(await alice.audit.overview())).not.toContain(bobClientId);
  });
});

describe("attack: a developer in the admin console", () => {
  // Every admin procedure, with arguments aimed at real records.
  const attempts: Record<string, () => Promise<unknown>> = {
    "admin.users": () => alice.admin.users(),
    "admin.setUserDisabled": () => alice.admin.setUserDisabled({ userId: carolId, disabled: true }),
    "admin.setUserRole": () => alice.admin.setUserRole({ userId: carolId, role: "ADMIN" }),
    "admin.unlockUser": () => alice.admin.unlockUser({ userId: carolId }),
    "admin.organizations": () => alice.admin.organizations(),
    "admin.upstreamIdps": () => alice.admin.upstreamIdps(),
    "admin.setUpstreamIdpEnabled": () =>
      alice.admin.setUpstreamIdpEnabled({ idpId: "x", enabled: false }),
    updateUpstreamIdp: () =>
      alice.admin.updateUpstreamIdp({ idpId: "x", display: { displayName: "x", logoUri: "" } }),
    "admin.signingKeys": () => alice.admin.signingKeys(),
    "admin.rotateSigningKeys": () => alice.admin.rotateSigningKeys(),
    "audit.chainStatus": () => alice.audit.chainStatus(),
    "audit.verifyChain": () => alice.audit.verifyChain(),
  };
  test.each(Object.keys(attempts))("%s answers FORBIDDEN", async (name) => {
    await expectRefused(attempts[name]!(), "FORBIDDEN");
  });
});

describe("attack: sessions that must have ended", () => {
  test("a disabled user's session reads and writes nothing", async () => {
    const eve = await createUser(world.prisma, "eve@a.example");
    const eveCaller = callerFor(world.prisma, eve);
    const eveOrg = (await eveCaller.organization.create({ name: "Org E", slug: "org-e" })).id;
    await world.prisma.user.update({ where: { id: eve.id }, data: { disabled: true } });
    const snapshot = await databaseState(world.prisma);
    for (const call of [
      eveCaller.organization.list(),
      eveCaller.organization.get({ organizationId: eveOrg }),
      eveCaller.application.create({ organizationId: eveOrg, settings: confidentialApp }),
      eveCaller.organization.createInvitation({ organizationId: eveOrg }),
    ])
      expect((await refusalOf(call)).code).toBe("UNAUTHORIZED");
    expect(await databaseState(world.prisma)).toEqual(snapshot);
  });

  test("a deleted user's session", async () => {
    const ghost = await createUser(world.prisma, "ghost@a.example");
    await world.prisma.user.delete({ where: { id: ghost.id } });
    const snapshot = await databaseState(world.prisma);
    const ghostCaller = callerFor(world.prisma, ghost);
    expect(
      (await refusalOf(ghostCaller.organization.create({ name: "G", slug: "org-g" }))).code,
    ).toBe("UNAUTHORIZED");
    expect(await databaseState(world.prisma)).toEqual(snapshot);
  });

  test("a session from before a password change", async () => {
    const frank = await createUser(world.prisma, "frank@a.example");
    await world.prisma.user.update({ where: { id: frank.id }, data: { sessionVersion: 1 } });
    const snapshot = await databaseState(world.prisma);
    const stale = callerFor(world.prisma, { ...frank, sessionVersion: 0 });
    expect((await refusalOf(stale.organization.create({ name: "F", slug: "org-f" }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect(await databaseState(world.prisma)).toEqual(snapshot);
  });

  test("a session whose role claim says ADMIN while the user is a developer", async () => {
    const forged = callerFor(world.prisma, {
      id: (await world.prisma.user.findUniqueOrThrow({ where: { email: "alice@a.example" } })).id,
      email: "alice@a.example",
      role: "ADMIN",
    });
    await expectRefused(forged.admin.rotateSigningKeys(), "FORBIDDEN");
  });
});
