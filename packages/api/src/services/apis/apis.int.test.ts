/**
 * APIs (resource servers) and the application settings that refer to them, against a real
 * database through the router as the portal calls it: create, edit, delete, the unique
 * identifier, organisation isolation, API grants and token-exchange audiences.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TRPCError } from "@trpc/server";
import type { ApiSettings } from "../../schemas/apis.js";
import {
  callerFor,
  codeOf,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";

const userApi: ApiSettings = {
  name: "User API",
  identifier: "https://api.org-a.example",
  scopes: ["user_api.full_access", "user_api.read"],
  tokenFormat: "JWT",
  accessTokenTtl: 600,
};

let world: TestWorld;
let alice: ReturnType<typeof callerFor>;
let bob: ReturnType<typeof callerFor>;
let orgA: string;
let orgB: string;

/** The field errors of a refused call, keyed by path as the portal's forms read them. */
async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) {
      const cause = error.cause as {
        issues?: { path: PropertyKey[]; message: string }[];
        field?: (string | number)[];
        message: string;
      };
      if (cause.field) return { [cause.field.join(".")]: [cause.message] };
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
  orgB = (await bob.organization.create({ name: "Org B", slug: "org-b" })).id;
});

afterAll(() => world?.close());

describe("organizations", () => {
  test("carry their relying-party id (a UUID), different per organization", async () => {
    const a = await alice.organization.get({ organizationId: orgA });
    const b = await bob.organization.get({ organizationId: orgB });
    expect(a.relyingPartyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.relyingPartyId).not.toBe(b.relyingPartyId);
  });
});

describe("APIs", () => {
  test("are created, listed, edited and deleted by members", async () => {
    const created = await alice.api.create({ organizationId: orgA, settings: userApi });
    expect(created).toMatchObject({ ...userApi, organizationId: orgA, grantCount: 0 });
    expect(await alice.api.list({ organizationId: orgA })).toHaveLength(1);
    const edited = await alice.api.update({
      apiId: created.id,
      settings: { ...userApi, name: "Users", tokenFormat: "OPAQUE", accessTokenTtl: 86400 },
    });
    expect(edited).toMatchObject({ name: "Users", tokenFormat: "OPAQUE", accessTokenTtl: 86400 });
    await alice.api.delete({ apiId: created.id });
    expect(await alice.api.list({ organizationId: orgA })).toEqual([]);
  });

  test("an identifier is unique across Lotse, reported on its field", async () => {
    await bob.api.create({
      organizationId: orgB,
      settings: { ...userApi, identifier: "https://api.shared.example" },
    });
    const call = alice.api.create({
      organizationId: orgA,
      settings: { ...userApi, identifier: "https://api.shared.example" },
    });
    expect(await fieldErrors(call)).toEqual({
      "settings.identifier": ["This identifier is already registered; every API needs its own."],
    });
    expect(await codeOf(call)).toBe("CONFLICT");
  });

  test("the identifier cannot be changed", async () => {
    const api = await alice.api.create({
      organizationId: orgA,
      settings: { ...userApi, identifier: "https://fixed.org-a.example" },
    });
    expect(
      Object.keys(
        await fieldErrors(
          alice.api.update({
            apiId: api.id,
            settings: { ...userApi, identifier: "https://moved.org-a.example" },
          }),
        ),
      ),
    ).toEqual(["settings.identifier"]);
    await alice.api.delete({ apiId: api.id });
  });

  test("invalid settings are refused on their fields", async () => {
    const errors = await fieldErrors(
      alice.api.create({
        organizationId: orgA,
        settings: { ...userApi, identifier: "http://api.example", scopes: ["openid"] },
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(["settings.identifier", "settings.scopes.0"]);
  });

  test("another organization's member can neither see nor change them", async () => {
    const api = await bob.api.create({
      organizationId: orgB,
      settings: { ...userApi, identifier: "https://api.org-b.example" },
    });
    expect(await codeOf(alice.api.get({ apiId: api.id }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.api.list({ organizationId: orgB }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.api.update({ apiId: api.id, settings: userApi }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.api.delete({ apiId: api.id }))).toBe("NOT_FOUND");
    expect(
      await codeOf(
        alice.api.create({
          organizationId: orgB,
          settings: { ...userApi, identifier: "https://sneaky.example" },
        }),
      ),
    ).toBe("NOT_FOUND");
    expect((await bob.api.get({ apiId: api.id })).name).toBe(userApi.name);
  });
});

describe("API grants of applications", () => {
  test("are stored, read back, trimmed with the API's scopes and removed with the API", async () => {
    const api = await alice.api.create({
      organizationId: orgA,
      settings: { ...userApi, identifier: "https://grants.org-a.example" },
    });
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: {
        ...confidentialApp,
        apiGrants: [
          { identifier: api.identifier, scopes: ["user_api.full_access", "user_api.read"] },
        ],
      },
    });
    expect(application.apiGrants).toEqual([
      {
        identifier: api.identifier,
        name: userApi.name,
        scopes: ["user_api.full_access", "user_api.read"],
        tokenFormat: "JWT",
      },
    ]);
    expect((await alice.api.get({ apiId: api.id })).grantCount).toBe(1);

    // An API that loses a scope takes it from the grants.
    await alice.api.update({ apiId: api.id, settings: { ...api, scopes: ["user_api.read"] } });
    expect((await alice.application.get({ applicationId: application.id })).apiGrants).toEqual([
      expect.objectContaining({ scopes: ["user_api.read"] }),
    ]);

    // An entry without scopes grants nothing: the row goes.
    const cleared = await alice.application.update({
      applicationId: application.id,
      settings: { ...confidentialApp, apiGrants: [{ identifier: api.identifier, scopes: [] }] },
    });
    expect(cleared.apiGrants).toEqual([]);

    await alice.application.update({
      applicationId: application.id,
      settings: {
        ...confidentialApp,
        apiGrants: [{ identifier: api.identifier, scopes: ["user_api.read"] }],
      },
    });
    await alice.api.delete({ apiId: api.id });
    expect((await alice.application.get({ applicationId: application.id })).apiGrants).toEqual([]);
    expect(await world.prisma.applicationApiGrant.count({ where: { apiId: api.id } })).toBe(0);
  });

  test("an API of another organization or an unknown scope is refused", async () => {
    const own = await alice.api.create({
      organizationId: orgA,
      settings: { ...userApi, identifier: "https://own.org-a.example" },
    });
    expect(
      await fieldErrors(
        alice.application.create({
          organizationId: orgA,
          settings: {
            ...confidentialApp,
            apiGrants: [{ identifier: "https://api.org-b.example", scopes: ["user_api.read"] }],
          },
        }),
      ),
    ).toEqual({
      "settings.apiGrants.0": ["https://api.org-b.example is not an API of this organization."],
    });
    expect(
      await fieldErrors(
        alice.application.create({
          organizationId: orgA,
          settings: {
            ...confidentialApp,
            apiGrants: [{ identifier: own.identifier, scopes: ["user_api.write"] }],
          },
        }),
      ),
    ).toEqual({
      "settings.apiGrants.0": [`The API ${own.identifier} has no scope user_api.write.`],
    });
    await alice.api.delete({ apiId: own.id });
  });
});

describe("token exchange audiences", () => {
  test("the organization's other applications and APIs; kept only while switched on", async () => {
    const api = await alice.api.create({
      organizationId: orgA,
      settings: { ...userApi, identifier: "https://exchange.org-a.example" },
    });
    const backend = (
      await alice.application.create({ organizationId: orgA, settings: confidentialApp })
    ).application;
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: {
        ...confidentialApp,
        tokenExchange: { enabled: true, audiences: [backend.clientId, api.identifier] },
      },
    });
    expect(application).toMatchObject({
      tokenExchangeEnabled: true,
      tokenExchangeAudiences: [backend.clientId, api.identifier],
    });

    // Deleting an audience takes it out of the policy.
    await alice.api.delete({ apiId: api.id });
    await alice.application.delete({ applicationId: backend.id });
    expect(
      (await alice.application.get({ applicationId: application.id })).tokenExchangeAudiences,
    ).toEqual([]);

    const off = await alice.application.update({
      applicationId: application.id,
      settings: { ...confidentialApp, tokenExchange: { enabled: false, audiences: ["x"] } },
    });
    expect(off).toMatchObject({ tokenExchangeEnabled: false, tokenExchangeAudiences: [] });
  });

  test("an audience of another organization, an unknown one or the app itself is refused", async () => {
    const bobApp = (
      await bob.application.create({ organizationId: orgB, settings: confidentialApp })
    ).application;
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    for (const audience of [
      bobApp.clientId,
      "https://api.org-b.example",
      "https://nowhere.example",
    ]) {
      expect(
        await fieldErrors(
          alice.application.update({
            applicationId: application.id,
            settings: {
              ...confidentialApp,
              tokenExchange: { enabled: true, audiences: [audience] },
            },
          }),
        ),
      ).toEqual({
        "settings.tokenExchange.audiences": [
          `${audience} is neither an application nor an API of this organization.`,
        ],
      });
    }
    expect(
      await fieldErrors(
        alice.application.update({
          applicationId: application.id,
          settings: {
            ...confidentialApp,
            tokenExchange: { enabled: true, audiences: [application.clientId] },
          },
        }),
      ),
    ).toEqual({
      "settings.tokenExchange.audiences": ["An application cannot be its own exchange audience."],
    });
    expect(
      (await alice.application.get({ applicationId: application.id })).tokenExchangeEnabled,
    ).toBe(false);
  });
});

describe("platform, PKCE and standard claims", () => {
  test("are stored and read back", async () => {
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: {
        ...confidentialApp,
        platform: "NATIVE",
        pkceRequired: false,
        standardClaims: true,
        allowedScopes: ["openid", "email", "profile"],
        redirectUris: ["https://praxis.example/app/ce"],
      },
    });
    expect(application).toMatchObject({
      platform: "NATIVE",
      pkceRequired: false,
      standardClaims: true,
      allowedScopes: ["openid", "email", "profile"],
    });
  });

  test("PKCE off is refused for a public application, and nothing is created", async () => {
    const before = (await alice.application.list({ organizationId: orgA })).length;
    expect(
      await fieldErrors(
        alice.application.create({
          organizationId: orgA,
          settings: { ...confidentialApp, type: "PUBLIC", pkceRequired: false },
        }),
      ),
    ).toEqual({ "settings.pkceRequired": ["Public applications always use PKCE."] });
    expect(await alice.application.list({ organizationId: orgA })).toHaveLength(before);
  });

  test("a private-use scheme needs Native; a single-page app must be public", async () => {
    const { application } = await alice.application.create({
      organizationId: orgA,
      settings: confidentialApp,
    });
    expect(
      Object.keys(
        await fieldErrors(
          alice.application.update({
            applicationId: application.id,
            settings: { ...confidentialApp, redirectUris: ["de.praxis.app:/callback"] },
          }),
        ),
      ),
    ).toEqual(["settings.redirectUris.0"]);
    expect(
      Object.keys(
        await fieldErrors(
          alice.application.update({
            applicationId: application.id,
            settings: { ...confidentialApp, platform: "SPA" },
          }),
        ),
      ),
    ).toEqual(["settings.platform"]);
    const native = await alice.application.update({
      applicationId: application.id,
      settings: {
        ...confidentialApp,
        platform: "NATIVE",
        redirectUris: ["de.praxis.app:/callback"],
      },
    });
    expect(native.platform).toBe("NATIVE");
  });
});
