/**
 * Attack battery, portal: cross-site scripting through what developers register (OWASP ASVS
 * V5.3.3, V5.1.5). URLs that end up in an `href`, `src` or a redirect (logos, redirect and
 * post-logout URIs, SMART launch URLs and FHIR bases, CIBA notification endpoints, API
 * identifiers) are refused by the schemas unless they are https (http on loopback), so no
 * `javascript:` or `data:` URL is ever stored; names are text, stored as typed, and the
 * portal renders them with React, which escapes them (no `dangerouslySetInnerHTML` in the
 * portal or its UI package, checked below).
 *
 * Layer: the tRPC routers with a real database; the rendering rule by reading the sources.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { ApplicationSettings } from "../schemas/applications.js";
import {
  callerFor,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../testing/fixtures.js";
import { databaseState, refusalOf } from "./support/refusal.js";

const MARKUP = `Evil"><script>alert(1)</script><img src=x onerror=alert(2)>`;
const JS = "javascript:alert(document.cookie)";

let world: TestWorld;
let dev: ReturnType<typeof callerFor>;
let admin: ReturnType<typeof callerFor>;
let organizationId: string;
let applicationId: string;
let idpId: string;
let before: Awaited<ReturnType<typeof databaseState>>;

beforeAll(async () => {
  world = await createTestWorld();
  dev = callerFor(world.prisma, await createUser(world.prisma, "dev@a.example"));
  const root = await createUser(world.prisma, "root@lotse.example");
  await world.prisma.user.update({ where: { id: root.id }, data: { role: "ADMIN" } });
  admin = callerFor(world.prisma, { ...root, role: "ADMIN" });
  organizationId = (await dev.organization.create({ name: "Org", slug: "org-x" })).id;
  applicationId = (await dev.application.create({ organizationId, settings: confidentialApp }))
    .application.id;
  idpId = (
    await world.prisma.upstreamIdp.create({
      data: { issuer: "https://kasse.example", displayName: "Kasse" },
    })
  ).id;
});
afterAll(async () => world?.close());

beforeEach(async () => {
  before = await databaseState(world.prisma);
});

/** An update of the application with `settings`: refused on exactly `field`, nothing stored. */
async function expectFieldRefused(settings: Partial<ApplicationSettings>, field: string) {
  const refusal = await refusalOf(
    dev.application.update({ applicationId, settings: { ...confidentialApp, ...settings } }),
  );
  expect(refusal.code).toBe("BAD_REQUEST");
  expect(Object.keys(refusal.fieldErrors)).toEqual([field]);
  expect(await databaseState(world.prisma)).toEqual(before);
}

const smartOn = (overrides: Partial<ApplicationSettings["smart"]>) => ({
  smart: {
    ...confidentialApp.smart,
    enabled: true,
    launchUrl: "https://app.example/launch",
    fhirBaseUrl: "https://fhir.example/r4",
    ...overrides,
  },
});

describe("attack: XSS through stored URLs", () => {
  test.each([
    ["javascript:", JS],
    ["data:", "data:image/svg+xml,<svg onload=alert(1)>"],
    ["http: (every mode)", "http://logo.example/l.png"],
  ])("a %s logo", async (_, logoUri) => {
    await expectFieldRefused({ logoUri }, "settings.logoUri");
  });

  test("a javascript: redirect URI", async () => {
    await expectFieldRefused({ redirectUris: [JS] }, "settings.redirectUris.0");
  });

  test("a data: redirect URI", async () => {
    await expectFieldRefused(
      { redirectUris: ["data:text/html,<script>alert(1)</script>"] },
      "settings.redirectUris.0",
    );
  });

  test("a javascript: post-logout redirect URI", async () => {
    await expectFieldRefused({ postLogoutRedirectUris: [JS] }, "settings.postLogoutRedirectUris.0");
  });

  test("a javascript: redirect URI added on its own (Try it's button)", async () => {
    const refusal = await refusalOf(
      dev.application.addRedirectUri({ applicationId, redirectUri: JS }),
    );
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(Object.keys(refusal.fieldErrors)).toEqual(["redirectUri"]);
    expect(await databaseState(world.prisma)).toEqual(before);
  });

  test("a javascript: SMART launch URL (the launcher's link)", async () => {
    await expectFieldRefused(smartOn({ launchUrl: JS }), "settings.smart.launchUrl");
  });

  test("a javascript: FHIR base (the launch URL's iss)", async () => {
    await expectFieldRefused(smartOn({ fhirBaseUrl: JS }), "settings.smart.fhirBaseUrl");
  });

  test("a javascript: CIBA notification endpoint", async () => {
    await expectFieldRefused(
      {
        ciba: {
          enabled: true,
          deliveryMode: "PING",
          notificationEndpoint: JS,
          userCodeRequired: false,
        },
      },
      "settings.ciba.notificationEndpoint",
    );
  });

  test("a javascript: API identifier", async () => {
    const refusal = await refusalOf(
      dev.api.create({
        organizationId,
        settings: {
          name: "API",
          identifier: JS,
          scopes: ["a.read"],
          tokenFormat: "JWT",
          accessTokenTtl: 300,
        },
      }),
    );
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(Object.keys(refusal.fieldErrors)).toEqual(["settings.identifier"]);
    expect(await databaseState(world.prisma)).toEqual(before);
  });

  test("a javascript: insurer logo set in the admin console", async () => {
    const refusal = await refusalOf(
      admin.admin.updateUpstreamIdp({ idpId, display: { displayName: "Kasse", logoUri: JS } }),
    );
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(Object.keys(refusal.fieldErrors)).toEqual(["display.logoUri"]);
    expect(await databaseState(world.prisma)).toEqual(before);
  });
});

describe("attack: XSS through stored names", () => {
  test("an application name with markup is stored as text, exactly as typed", async () => {
    await dev.application.update({ applicationId, settings: { ...confidentialApp, name: MARKUP } });
    expect((await dev.application.get({ applicationId })).name).toBe(MARKUP);
  });

  test("an API name with markup is stored as text, exactly as typed", async () => {
    const api = await dev.api.create({
      organizationId,
      settings: {
        name: MARKUP,
        identifier: "https://api.markup.example",
        scopes: ["m.read"],
        tokenFormat: "JWT",
        accessTokenTtl: 300,
      },
    });
    expect(api.name).toBe(MARKUP);
  });

  test("the portal renders no stored value as HTML (no dangerouslySetInnerHTML)", async () => {
    const roots = ["../../../../apps/portal/src", "../../../ui/src"].map((path) =>
      fileURLToPath(new URL(path, import.meta.url)),
    );
    const offenders: string[] = [];
    for (const root of roots) {
      const files = (await readdir(root, { recursive: true })).filter((file) =>
        /\.tsx?$/.test(file),
      );
      expect(files.length).toBeGreaterThan(0);
      for (const file of files)
        if ((await readFile(`${root}/${file}`, "utf8")).includes("dangerouslySetInnerHTML"))
          offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
