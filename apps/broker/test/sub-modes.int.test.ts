/**
 * The sub each application sees (DESIGN.md §4 "Sub modes"): stable per application;
 * PAIRWISE differs between applications; UNIQUE is equal across the applications of one
 * organisation; PERSON is equal across insurers for one KVNR within one organisation; no
 * sub is shared across organisations (docs/security.md "Data isolation between
 * organisations"); never the raw upstream sub. Plus ext-original-* only where allowed.
 */
import type * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { createApplication, createOrganization, TEST_REDIRECT } from "./support/applications.js";
import { GKV_A, GKV_B, person } from "./support/identities.js";
import { authorize, CookieJar, login, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";
import type { UpstreamIdentity } from "../src/accounts/upstream-identity.js";

let broker: TestBroker;
let web: client.Configuration;
let mobile: client.Configuration;

beforeAll(async () => {
  broker = await startTestBroker();
  web = await relyingParty(broker, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  mobile = await relyingParty(broker, DEMO_MOBILE.clientId, "none");
});
afterAll(async () => broker?.close());

async function subAt(
  rp: client.Configuration,
  redirectUri: string,
  identity: UpstreamIdentity,
  scope = "openid",
) {
  const { claims } = await login(broker, rp, { redirectUri, scope, login: identity });
  return claims;
}

async function app(options: Parameters<typeof createApplication>[1]) {
  const created = await createApplication(broker.prisma, options);
  return relyingParty(broker, created.clientId, { secret: created.secret });
}

describe("PAIRWISE (demo-web)", () => {
  test("is stable per application and differs between applications", async () => {
    const other = await app({ subMode: "PAIRWISE" });
    const first = await subAt(web, DEMO_WEB.redirectUris[0], person());
    const again = await subAt(web, DEMO_WEB.redirectUris[0], person());
    const elsewhere = await subAt(other, TEST_REDIRECT, person());
    expect(again.sub).toBe(first.sub);
    expect(elsewhere.sub).not.toBe(first.sub);
    expect(first.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test("applications of one sector share the sub", async () => {
    const a = await app({ subMode: "PAIRWISE", sectorIdentifier: "https://sector.example" });
    const b = await app({ subMode: "PAIRWISE", sectorIdentifier: "https://sector.example" });
    expect((await subAt(a, TEST_REDIRECT, person())).sub).toBe(
      (await subAt(b, TEST_REDIRECT, person())).sub,
    );
  });
});

describe("UNIQUE (demo-mobile)", () => {
  test("is equal across the organisation's applications, and differs per upstream account", async () => {
    const other = await app({ subMode: "UNIQUE" });
    const mine = await subAt(mobile, DEMO_MOBILE.redirectUris[0], person());
    const theirs = await subAt(other, TEST_REDIRECT, person());
    expect(theirs.sub).toBe(mine.sub);
    const atOtherInsurer = await subAt(
      mobile,
      DEMO_MOBILE.redirectUris[0],
      person({ upstreamIssuer: GKV_B }),
    );
    expect(atOtherInsurer.sub).not.toBe(mine.sub);
    expect(mine.sub).not.toContain("upstream-sub");
  });
});

describe("across organisations", () => {
  test("UNIQUE and PERSON subs differ, so two organisations cannot link their users", async () => {
    const elsewhere = await createOrganization(broker.prisma);
    for (const subMode of ["UNIQUE", "PERSON"] as const) {
      const here = await app({ subMode });
      const alsoHere = await app({ subMode });
      const there = await app({ subMode, organizationId: elsewhere });
      const mine = await subAt(here, TEST_REDIRECT, person());
      expect((await subAt(alsoHere, TEST_REDIRECT, person())).sub).toBe(mine.sub);
      expect((await subAt(there, TEST_REDIRECT, person())).sub, subMode).not.toBe(mine.sub);
    }
  });
});

describe("PERSON", () => {
  test("is equal across insurers for one KVNR, and per KVNR only", async () => {
    const rp = await app({ subMode: "PERSON" });
    const atA = await subAt(
      rp,
      TEST_REDIRECT,
      person({ upstreamIssuer: GKV_A, upstreamSub: "a-1" }),
    );
    const atB = await subAt(
      rp,
      TEST_REDIRECT,
      person({ upstreamIssuer: GKV_B, upstreamSub: "b-7" }),
    );
    expect(atB.sub).toBe(atA.sub);
    const someoneElse = await subAt(rp, TEST_REDIRECT, person({ kvnr: "Y987654321" }));
    expect(someoneElse.sub).not.toBe(atA.sub);
    expect(atA.sub).not.toContain("X110411675");
  });

  test("without a released KVNR the login ends with access_denied", async () => {
    const rp = await app({ subMode: "PERSON" });
    const { callback } = await authorize(broker, rp, {
      redirectUri: TEST_REDIRECT,
      login: person({ kvnr: undefined }),
    });
    expect(callback.searchParams.get("error")).toBe("access_denied");
  });

  test("is refused for an application not registered for the KVNR scope", async () => {
    const rp = await app({ subMode: "PERSON", allowedScopes: ["openid", "urn:telematik:email"] });
    const { callback } = await authorize(broker, rp, {
      redirectUri: TEST_REDIRECT,
      login: person(),
    });
    expect(callback.searchParams.get("error")).toBe("unauthorized_client");
  });
});

describe("one browser, two applications", () => {
  test("logging in to a second application keeps the first one's tokens working", async () => {
    const jar = new CookieJar();
    const first = await login(broker, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      scope: "openid offline_access",
      login: person(),
      jar,
    });
    const second = await login(broker, mobile, {
      redirectUri: DEMO_MOBILE.redirectUris[0],
      login: person(),
      jar,
    });
    expect(second.claims.sub).not.toBe(first.claims.sub);
    const { refreshTokenGrant } = await import("openid-client");
    expect((await refreshTokenGrant(web, first.tokens.refresh_token!)).access_token).toBeTruthy();
  });
});

describe("ext-original-iss / ext-original-sub", () => {
  test("appear only for applications allowed them", async () => {
    const allowed = await app({ allowOriginalClaims: true });
    const withClaims = await subAt(allowed, TEST_REDIRECT, person());
    expect(withClaims).toMatchObject({
      "ext-original-iss": GKV_A,
      "ext-original-sub": "upstream-sub-erika",
    });
    const without = await subAt(web, DEMO_WEB.redirectUris[0], person());
    expect(without).not.toHaveProperty("ext-original-iss");
    expect(without).not.toHaveProperty("ext-original-sub");
  });
});

describe("data at rest", () => {
  test("stored accounts hold neither the KVNR nor the upstream sub in clear", async () => {
    await subAt(web, DEMO_WEB.redirectUris[0], person(), "openid urn:telematik:versicherter");
    const rows = await broker.prisma.oidcPayload.findMany();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain("X110411675");
    expect(dump).not.toContain("upstream-sub-erika");
    expect(dump).not.toContain("Mustermann");
    const accounts = rows.filter((row) => row.type === "UpstreamAccount");
    expect(accounts.length).toBeGreaterThan(0);
    for (const row of accounts) expect(row.expiresAt).toBeInstanceOf(Date);
  });
});
