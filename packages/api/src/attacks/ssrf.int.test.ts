/**
 * Attack battery, portal: server-side request forgery through stored URLs (OWASP ASVS
 * V12.6.1, OWASP SSRF Prevention Cheat Sheet). What the portal stores, and who fetches it:
 *
 * | URL                                  | fetched server-side by                           |
 * | ------------------------------------ | ------------------------------------------------ |
 * | logo                                 | nobody (the browser shows it)                    |
 * | redirect and post-logout URIs        | nobody (the browser is redirected)               |
 * | SMART launch URL                     | nobody (the launcher opens it in a tab)          |
 * | API identifier                       | nobody (it is the tokens' `aud`)                 |
 * | SMART FHIR base                      | the broker (standalone launch patient lookup);   |
 * |                                      | the portal only under the sandbox URL            |
 * | CIBA notification endpoint (ping)    | the broker                                       |
 *
 * Where the broker calls, production refuses the broker's own network (loopback and
 * `localhost` names, RFC 1918, link-local, CGNAT, unspecified, IPv6 ULA and link-local,
 * IPv4-mapped forms); development allows loopback only (schemas/outbound-url.ts).
 *
 * Layer: the tRPC routers with a real database; production is the context's `lotseMode` as
 * the portal sets it from LOTSE_MODE.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createCaller } from "../root.js";
import type { ApplicationSettings } from "../schemas/applications.js";
import {
  callerFor,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../testing/fixtures.js";
import { databaseState, refusalOf } from "./support/refusal.js";

const INTERNAL =
  "This address is inside the broker's own network; the broker calls this URL, so use a public host.";

let world: TestWorld;
let production: ReturnType<typeof callerFor>;
let development: ReturnType<typeof callerFor>;
let user: { id: string; email: string };
let organizationId: string;
let applicationId: string;
let before: Awaited<ReturnType<typeof databaseState>>;

beforeAll(async () => {
  world = await createTestWorld();
  user = await createUser(world.prisma, "dev@a.example");
  production = callerFor(world.prisma, user, "production");
  development = callerFor(world.prisma, user, "development");
  organizationId = (await production.organization.create({ name: "Org", slug: "org-s" })).id;
  applicationId = (
    await production.application.create({ organizationId, settings: confidentialApp })
  ).application.id;
});
afterAll(async () => world?.close());

beforeEach(async () => {
  before = await databaseState(world.prisma);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const withFhirBase = (fhirBaseUrl: string): ApplicationSettings => ({
  ...confidentialApp,
  smart: {
    ...confidentialApp.smart,
    enabled: true,
    launchUrl: "https://app.example/launch",
    fhirBaseUrl,
  },
});
const withPing = (notificationEndpoint: string): ApplicationSettings => ({
  ...confidentialApp,
  ciba: { enabled: true, deliveryMode: "PING", notificationEndpoint, userCodeRequired: false },
});

async function expectRefused(call: Promise<unknown>, field: string) {
  const refusal = await refusalOf(call);
  expect(refusal.code).toBe("BAD_REQUEST");
  expect(refusal.fieldErrors).toEqual({ [field]: [INTERNAL] });
  expect(await databaseState(world.prisma)).toEqual(before);
}

describe("attack: SSRF through the FHIR base the broker reads (production)", () => {
  test.each([
    ["loopback over https", "https://127.0.0.1/fhir"],
    ["localhost over http", "http://localhost:8080/fhir"],
    ["a *.localhost name", "https://admin.localhost/fhir"],
    ["localhost with a trailing dot", "https://localhost./fhir"],
    ["loopback spelled in hex", "https://0x7f.1/fhir"],
    ["loopback as one number", "https://2130706433/fhir"],
    ["RFC 1918 10/8", "https://10.0.0.5/fhir"],
    ["RFC 1918 172.16/12", "https://172.20.1.1/fhir"],
    ["RFC 1918 192.168/16", "https://192.168.1.10/fhir"],
    ["cloud metadata (link-local)", "https://169.254.169.254/latest/meta-data"],
    ["the unspecified address", "https://0.0.0.0/fhir"],
    ["IPv6 loopback", "https://[::1]/fhir"],
    ["IPv6 unique local", "https://[fd00::1]/fhir"],
    ["IPv6 link-local", "https://[fe80::1]/fhir"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/fhir"],
  ])("%s is refused on create", async (_, url) => {
    await expectRefused(
      production.application.create({ organizationId, settings: withFhirBase(url) }),
      "settings.smart.fhirBaseUrl",
    );
  });

  test("an internal FHIR base is refused on update, and the stored one stays", async () => {
    await expectRefused(
      production.application.update({
        applicationId,
        settings: withFhirBase("https://10.1.2.3/r4"),
      }),
      "settings.smart.fhirBaseUrl",
    );
  });

  test("a public FHIR base is accepted (control)", async () => {
    const created = await production.application.create({
      organizationId,
      settings: withFhirBase("https://fhir.example/r4"),
    });
    expect(created.application.smartFhirBaseUrl).toBe("https://fhir.example/r4");
  });
});

describe("attack: SSRF through the CIBA notification endpoint the broker POSTs to (production)", () => {
  test.each([
    ["loopback", "http://127.0.0.1:9000/notify"],
    ["localhost", "https://localhost/notify"],
    ["cloud metadata", "https://169.254.169.254/notify"],
    ["RFC 1918", "https://192.168.0.1/notify"],
  ])("%s is refused", async (_, url) => {
    await expectRefused(
      production.application.update({ applicationId, settings: withPing(url) }),
      "settings.ciba.notificationEndpoint",
    );
  });
});

describe("development: the broker and the app on one machine", () => {
  test("a loopback FHIR base and ping endpoint are accepted", async () => {
    const created = await development.application.create({
      organizationId,
      settings: {
        ...withFhirBase("http://localhost:4100/fhir/r4"),
        ciba: withPing("http://localhost:3001/notify").ciba,
      },
    });
    expect(created.application.cibaNotificationEndpoint).toBe("http://localhost:3001/notify");
  });

  test("cloud metadata and private ranges stay refused", async () => {
    await expectRefused(
      development.application.create({
        organizationId,
        settings: withFhirBase("https://169.254.169.254/latest"),
      }),
      "settings.smart.fhirBaseUrl",
    );
  });
});

describe("attack: URLs nothing server-side fetches", () => {
  test("registering and reading logos, redirect, launch URLs and API identifiers fetches nothing", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const internal = "https://169.254.169.254/latest/meta-data";
    const { application } = await production.application.create({
      organizationId,
      settings: {
        ...withFhirBase("https://fhir.example/r4"),
        logoUri: internal,
        redirectUris: [internal],
        smart: { ...withFhirBase("https://fhir.example/r4").smart, launchUrl: internal },
      },
    });
    await production.application.get({ applicationId: application.id });
    await production.application.list({ organizationId });
    await production.api.create({
      organizationId,
      settings: {
        name: "API",
        identifier: internal,
        scopes: ["a.read"],
        tokenFormat: "JWT",
        accessTokenTtl: 300,
      },
    });
    await production.smart.createLaunch({
      applicationId: application.id,
      launchType: "EHR_PATIENT",
      patientId: "p1",
    });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  test("the launcher directory of a FHIR base outside the sandbox is not fetched", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const { application } = await development.application.create({
      organizationId,
      settings: withFhirBase("http://127.0.0.1:9/internal"),
    });
    const caller = createCaller({
      prisma: world.prisma,
      session: { user: { ...user, role: "DEVELOPER", sessionVersion: 0 } },
      sandboxUrl: "http://localhost:4100",
      lotseMode: "development",
    });
    expect(await caller.smart.directory({ applicationId: application.id })).toEqual({
      status: "not_sandbox",
    });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
