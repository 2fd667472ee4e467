/**
 * SMART settings and the SMART launcher against a real database, through the router as the
 * portal calls it: validation of the settings, launches stored only as a hash with their
 * context and expiry, refusals, and organization isolation.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../../root.js";
import type { SmartSettings } from "../../schemas/smart.js";
import {
  callerFor,
  codeOf,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";
import { launchHash } from "./launch-url.js";
import { getLauncherDirectory, LAUNCH_LIFETIME_MS } from "./launches-service.js";

const SANDBOX_URL = "http://localhost:4100";
const smart: SmartSettings = {
  enabled: true,
  launchUrl: "http://localhost:3001/smart/launch",
  fhirBaseUrl: `${SANDBOX_URL}/fhir/r4`,
  launchScopes: ["launch", "launch/patient", "fhirUser"],
  resourceScopes: ["patient/*.rs", "user/Observation.rs"],
  userType: "PRACTITIONER",
};

let world: TestWorld;
let alice: ReturnType<typeof callerFor>;
let aliceId: string;
let bob: ReturnType<typeof callerFor>;
let smartApp: string;
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
  const aliceUser = await createUser(world.prisma, "alice@a.example");
  aliceId = aliceUser.id;
  alice = callerFor(world.prisma, aliceUser);
  bob = callerFor(world.prisma, await createUser(world.prisma, "bob@b.example"));
  const orgA = (await alice.organization.create({ name: "Org A", slug: "org-a" })).id;
  const orgB = (await bob.organization.create({ name: "Org B", slug: "org-b" })).id;
  smartApp = (
    await alice.application.create({
      organizationId: orgA,
      settings: { ...confidentialApp, smart },
    })
  ).application.id;
  plainApp = (await alice.application.create({ organizationId: orgA, settings: confidentialApp }))
    .application.id;
  bobApp = (
    await bob.application.create({ organizationId: orgB, settings: { ...confidentialApp, smart } })
  ).application.id;
});

afterAll(() => world?.close());

describe("SMART settings", () => {
  test("are stored and read back: launch and resource scopes in one list", async () => {
    const app = await alice.application.get({ applicationId: smartApp });
    expect(app).toMatchObject({
      smartEnabled: true,
      smartLaunchUrl: smart.launchUrl,
      smartFhirBaseUrl: smart.fhirBaseUrl,
      smartScopes: [...smart.launchScopes, ...smart.resourceScopes],
      smartUserType: "PRACTITIONER",
    });
  });

  test("off by default, with nothing stored", async () => {
    expect(await alice.application.get({ applicationId: plainApp })).toMatchObject({
      smartEnabled: false,
      smartLaunchUrl: null,
      smartFhirBaseUrl: null,
      smartScopes: [],
      smartUserType: "PATIENT",
    });
  });

  test("invalid settings are refused on their fields, and nothing changes", async () => {
    const errors = await fieldErrors(
      alice.application.update({
        applicationId: plainApp,
        settings: {
          ...confidentialApp,
          smart: {
            ...smart,
            launchUrl: "http://app.example/launch",
            fhirBaseUrl: "",
            resourceScopes: ["patient/Observation.rsx", "system/*.rs"],
          },
        },
      }),
    );
    expect(Object.keys(errors).sort()).toEqual([
      "settings.smart.fhirBaseUrl",
      "settings.smart.launchUrl",
      "settings.smart.resourceScopes.0",
      "settings.smart.resourceScopes.1",
    ]);
    expect(errors["settings.smart.resourceScopes.1"]![0]).toMatch(/backend services/);
    expect((await alice.application.get({ applicationId: plainApp })).smartEnabled).toBe(false);
  });

  test("another organization's member cannot change them", async () => {
    expect(
      await codeOf(
        alice.application.update({
          applicationId: bobApp,
          settings: { ...confidentialApp, smart: { ...smart, enabled: false } },
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      (await world.prisma.application.findUniqueOrThrow({ where: { id: bobApp } })).smartEnabled,
    ).toBe(true);
  });
});

describe("the SMART launcher", () => {
  test("an EHR launch stores its context under the hash of the launch value, for an hour", async () => {
    const before = Date.now();
    const result = await alice.smart.createLaunch({
      applicationId: smartApp,
      launchType: "EHR_PROVIDER",
      patientId: "pat-1",
      practitionerId: "prac-1",
      encounterId: "enc-1",
      needPatientBanner: false,
      simulatedError: "request_expired_token",
    });
    const url = new URL(result.url);
    expect(`${url.origin}${url.pathname}`).toBe(smart.launchUrl);
    expect(url.searchParams.get("iss")).toBe(smart.fhirBaseUrl);
    expect(result.url).toContain(`?iss=${encodeURIComponent(smart.fhirBaseUrl)}&launch=`);
    const launch = url.searchParams.get("launch")!;
    expect(Buffer.from(launch, "base64url")).toHaveLength(32);

    const rows = await world.prisma.smartLaunch.findMany({ where: { applicationId: smartApp } });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      launchHash: launchHash(launch),
      fhirBaseUrl: smart.fhirBaseUrl,
      launchType: "EHR_PROVIDER",
      patientId: "pat-1",
      practitionerId: "prac-1",
      encounterId: "enc-1",
      needPatientBanner: false,
      simulatedError: "request_expired_token",
      createdById: aliceId,
    });
    // The value itself is nowhere in the row.
    expect(JSON.stringify(row)).not.toContain(launch);
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + LAUNCH_LIFETIME_MS);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + LAUNCH_LIFETIME_MS);
    expect(result.expiresAt).toEqual(row.expiresAt);
  });

  test("every launch gets its own value", async () => {
    const launch = () =>
      alice.smart.createLaunch({
        applicationId: smartApp,
        launchType: "EHR_PATIENT",
        patientId: "pat-2",
      });
    const [first, second] = [await launch(), await launch()];
    expect(first.url).not.toBe(second.url);
    const row = await world.prisma.smartLaunch.findUniqueOrThrow({
      where: { launchHash: launchHash(new URL(first.url).searchParams.get("launch")!) },
    });
    expect(row).toMatchObject({
      launchType: "EHR_PATIENT",
      patientId: "pat-2",
      practitionerId: null,
      encounterId: null,
      needPatientBanner: true,
      simulatedError: null,
    });
  });

  test("a standalone launch stores nothing and carries only iss", async () => {
    const count = await world.prisma.smartLaunch.count();
    const result = await alice.smart.createLaunch({
      applicationId: smartApp,
      launchType: "STANDALONE_PROVIDER",
    });
    expect(result).toEqual({
      url: `${smart.launchUrl}?iss=${encodeURIComponent(smart.fhirBaseUrl)}`,
      launchType: "STANDALONE_PROVIDER",
      expiresAt: null,
    });
    expect(await world.prisma.smartLaunch.count()).toBe(count);
  });

  test("refusals: no patient, bad ids, unknown errors, errors in standalone, SMART off", async () => {
    const count = await world.prisma.smartLaunch.count();
    const refused = {
      "no patient": alice.smart.createLaunch({
        applicationId: smartApp,
        launchType: "EHR_PATIENT",
      }),
      "bad id": alice.smart.createLaunch({
        applicationId: smartApp,
        launchType: "EHR_PATIENT",
        patientId: "Patient/1",
      }),
      "unknown error": alice.smart.createLaunch({
        applicationId: smartApp,
        launchType: "EHR_PATIENT",
        patientId: "pat-1",
        simulatedError: "nope",
      }),
      "error in standalone": alice.smart.createLaunch({
        applicationId: smartApp,
        launchType: "STANDALONE_PATIENT",
        simulatedError: "auth_invalid_scope",
      }),
      "unknown type": alice.smart.createLaunch({
        applicationId: smartApp,
        // @ts-expect-error: a launch type the launcher does not offer, as a forged request sends it
        launchType: "BACKEND",
      }),
      "SMART off": alice.smart.createLaunch({
        applicationId: plainApp,
        launchType: "EHR_PATIENT",
        patientId: "pat-1",
      }),
    };
    const codes: Record<string, string> = {};
    for (const [name, attempt] of Object.entries(refused)) codes[name] = await codeOf(attempt);
    expect(codes).toEqual(Object.fromEntries(Object.keys(refused).map((k) => [k, "BAD_REQUEST"])));
    expect(await world.prisma.smartLaunch.count()).toBe(count);
  });

  test("another organization's application answers as if it did not exist", async () => {
    const count = await world.prisma.smartLaunch.count();
    expect(
      await codeOf(
        alice.smart.createLaunch({
          applicationId: bobApp,
          launchType: "EHR_PATIENT",
          patientId: "pat-1",
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(alice.smart.directory({ applicationId: bobApp }))).toBe("NOT_FOUND");
    expect(await world.prisma.smartLaunch.count()).toBe(count);
  });

  test("an anonymous caller is refused", async () => {
    const anonymous = createCaller({ prisma: world.prisma, session: null });
    expect(
      await codeOf(
        anonymous.smart.createLaunch({ applicationId: smartApp, launchType: "STANDALONE_PATIENT" }),
      ),
    ).toBe("UNAUTHORIZED");
  });
});

describe("the launcher's directory", () => {
  test("without a configured sandbox, or for another FHIR server, nothing is fetched", async () => {
    expect(await alice.smart.directory({ applicationId: smartApp })).toEqual({
      status: "not_sandbox",
    });
    const fetchImpl = vi.fn();
    const external = (
      await alice.application.create({
        organizationId: (await alice.organization.list())[0]!.id,
        settings: {
          ...confidentialApp,
          smart: { ...smart, fhirBaseUrl: "http://127.0.0.1:9/internal" },
        },
      })
    ).application.id;
    expect(
      await getLauncherDirectory(world.prisma, aliceId, external, SANDBOX_URL, fetchImpl),
    ).toEqual({ status: "not_sandbox" });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  test("the sandbox's FHIR base: its directory", async () => {
    const directory = {
      patients: [],
      practitioners: [{ id: "prac-1", name: "Dr. A" }],
      encounters: [],
    };
    const fetchImpl = vi.fn(async () => Response.json(directory));
    expect(
      await getLauncherDirectory(world.prisma, aliceId, smartApp, SANDBOX_URL, fetchImpl),
    ).toEqual({ status: "available", directory });
    expect(fetchImpl).toHaveBeenCalledWith(
      `${smart.fhirBaseUrl}/launcher-directory`,
      expect.anything(),
    );
  });
});
