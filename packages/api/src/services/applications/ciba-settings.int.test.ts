/**
 * CIBA settings against a real database, through the router as the portal calls it: the
 * grant type and columns the broker reads, refusals on their fields, and organization
 * isolation.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TRPCError } from "@trpc/server";
import { CIBA_GRANT_TYPE, type CibaSettings } from "../../schemas/ciba.js";
import {
  callerFor,
  codeOf,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";

const ping: CibaSettings = {
  enabled: true,
  deliveryMode: "PING",
  notificationEndpoint: "https://helpdesk.example/ciba/notify",
  userCodeRequired: true,
};

let world: TestWorld;
let alice: ReturnType<typeof callerFor>;
let bob: ReturnType<typeof callerFor>;
let orgA: string;
let cibaApp: string;
let plainApp: string;
let bobApp: string;

/** The field errors of a refused call, keyed by path as the portal's forms read them. */
async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) {
      const cause = error.cause as { issues?: { path: PropertyKey[]; message: string }[] };
      const out: Record<string, string[]> = {};
      for (const issue of cause.issues ?? [])
        (out[issue.path.map(String).join(".")] ??= []).push(issue.message);
      return out;
    }
    throw error;
  }
  throw new Error("expected the call to be refused");
}

beforeAll(async () => {
  world = await createTestWorld();
  alice = callerFor(world.prisma, await createUser(world.prisma, "alice@a.example"));
  bob = callerFor(world.prisma, await createUser(world.prisma, "bob@b.example"));
  orgA = (await alice.organization.create({ name: "Org A", slug: "org-a" })).id;
  const orgB = (await bob.organization.create({ name: "Org B", slug: "org-b" })).id;
  cibaApp = (
    await alice.application.create({
      organizationId: orgA,
      settings: { ...confidentialApp, ciba: ping },
    })
  ).application.id;
  plainApp = (await alice.application.create({ organizationId: orgA, settings: confidentialApp }))
    .application.id;
  bobApp = (
    await bob.application.create({
      organizationId: orgB,
      settings: { ...confidentialApp, ciba: ping },
    })
  ).application.id;
});

afterAll(() => world?.close());

describe("CIBA settings", () => {
  test("are stored as the CIBA grant type and the CIBA columns, and read back", async () => {
    const app = await alice.application.get({ applicationId: cibaApp });
    expect(app).toMatchObject({
      allowedGrantTypes: ["authorization_code", CIBA_GRANT_TYPE],
      cibaDeliveryMode: "PING",
      cibaNotificationEndpoint: ping.notificationEndpoint,
      cibaUserCodeRequired: true,
    });
  });

  test("off by default, with nothing stored", async () => {
    expect(await alice.application.get({ applicationId: plainApp })).toMatchObject({
      allowedGrantTypes: ["authorization_code"],
      cibaDeliveryMode: "POLL",
      cibaNotificationEndpoint: null,
      cibaUserCodeRequired: false,
    });
  });

  test("switching to poll drops the endpoint; turning CIBA off drops the grant type", async () => {
    const poll = await alice.application.update({
      applicationId: cibaApp,
      settings: { ...confidentialApp, ciba: { ...ping, deliveryMode: "POLL" } },
    });
    expect(poll).toMatchObject({
      allowedGrantTypes: ["authorization_code", CIBA_GRANT_TYPE],
      cibaDeliveryMode: "POLL",
      cibaNotificationEndpoint: null,
    });
    const off = await alice.application.update({
      applicationId: cibaApp,
      settings: { ...confidentialApp, ciba: { ...ping, enabled: false } },
    });
    expect(off.allowedGrantTypes).toEqual(["authorization_code"]);
    await alice.application.update({
      applicationId: cibaApp,
      settings: { ...confidentialApp, ciba: ping },
    });
  });

  test("a CIBA-only application needs no authorization_code grant", async () => {
    const app = await alice.application.update({
      applicationId: plainApp,
      settings: {
        ...confidentialApp,
        allowedGrantTypes: [],
        ciba: { ...ping, deliveryMode: "POLL" },
      },
    });
    expect(app.allowedGrantTypes).toEqual([CIBA_GRANT_TYPE]);
    await alice.application.update({ applicationId: plainApp, settings: confidentialApp });
  });

  test("invalid settings are refused on their fields, and nothing changes", async () => {
    expect(
      await fieldErrors(
        alice.application.update({
          applicationId: plainApp,
          settings: { ...confidentialApp, ciba: { ...ping, notificationEndpoint: "" } },
        }),
      ),
    ).toEqual({
      "settings.ciba.notificationEndpoint": [
        "Ping mode needs the notification endpoint the broker calls.",
      ],
    });
    const errors = await fieldErrors(
      alice.application.update({
        applicationId: plainApp,
        settings: {
          ...confidentialApp,
          ciba: { ...ping, notificationEndpoint: "http://helpdesk.example/notify" },
        },
      }),
    );
    expect(errors["settings.ciba.notificationEndpoint"]![0]).toMatch(/localhost/);
    expect(await alice.application.get({ applicationId: plainApp })).toMatchObject({
      allowedGrantTypes: ["authorization_code"],
      cibaNotificationEndpoint: null,
    });
  });

  test("a public application cannot be created with CIBA", async () => {
    const errors = await fieldErrors(
      alice.application.create({
        organizationId: orgA,
        settings: { ...confidentialApp, type: "PUBLIC", ciba: { ...ping, deliveryMode: "POLL" } },
      }),
    );
    expect(Object.keys(errors)).toEqual(["settings.ciba.enabled"]);
    expect(await alice.application.list({ organizationId: orgA })).toHaveLength(2);
  });

  test("another organization's member cannot change them", async () => {
    expect(
      await codeOf(
        alice.application.update({
          applicationId: bobApp,
          settings: { ...confidentialApp, ciba: { ...ping, enabled: false } },
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(alice.application.get({ applicationId: bobApp }))).toBe("NOT_FOUND");
    expect(
      await world.prisma.application.findUniqueOrThrow({
        where: { id: bobApp },
        select: { allowedGrantTypes: true, cibaNotificationEndpoint: true },
      }),
    ).toEqual({
      allowedGrantTypes: ["authorization_code", CIBA_GRANT_TYPE],
      cibaNotificationEndpoint: ping.notificationEndpoint,
    });
  });
});
