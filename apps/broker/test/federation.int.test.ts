/**
 * The broker as a certified relying party library uses it (openid-client v6), federating
 * with the real sandbox: every login runs through a sandbox insurer IDP (PAR, PKCE,
 * private_key_jwt, encrypted ID token) with the gematik testing parameters, so it is
 * redirects only. Covers the web flow, the chooser, sub modes, released claims, upstream
 * failures, callback replay, the audit trail and refresh tokens (DESIGN.md §4–§5).
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_WEB } from "@lotse/db/seed";
import { verifyAuditChain } from "../src/audit/index.js";
import { createApplication, TEST_REDIRECT } from "./support/applications.js";
import {
  CookieBrowser,
  authorizationRequest,
  federatedAuthorize,
  federatedLogin,
  followRedirects,
  startFederatedWorld,
  type FederatedWorld,
  type Hop,
  type SandboxIdentity,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = "X110411675";
const webRedirect = DEMO_WEB.redirectUris[0];

let world: FederatedWorld;
let web: client.Configuration;
let identities: SandboxIdentity[];

beforeAll(async () => {
  world = await startFederatedWorld();
  web = await relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  // The code grant's ID token is checked against the broker's JWKS, not only its claims.
  client.enableNonRepudiationChecks(web);
  identities = await world.identities();
});
afterAll(async () => world?.close());

/** No request on the way answered with a 5xx ("no endpoint answers bad input with a 5xx"). */
function expectNoServerErrors(hops: Hop[]): void {
  expect(hops.filter((hop) => hop.status >= 500)).toEqual([]);
}

async function app(options: Parameters<typeof createApplication>[1]) {
  const created = await createApplication(world.prisma, options);
  return relyingParty(world, created.clientId, { secret: created.secret });
}

describe("web flow with the testing parameters", () => {
  test("demo-web gets tokens whose ID token verifies against the broker's JWKS", async () => {
    const { tokens, claims, checks, hops } = await federatedLogin(world, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:versicherter urn:telematik:email urn:telematik:display_name",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    expectNoServerErrors(hops);
    // The login went through the insurer and back through the broker's callback.
    expect(hops.some((hop) => hop.url.href.startsWith(`${world.idp("nord")}/`))).toBe(true);
    expect(hops.some((hop) => hop.url.pathname === "/oidcf/signin")).toBe(true);

    expect(claims).toMatchObject({
      iss: world.issuer,
      aud: DEMO_WEB.clientId,
      nonce: checks.expectedNonce,
      acr: "gematik-ehealth-loa-high",
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:email": "anna.beispiel@example.org",
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.token_type.toLowerCase()).toBe("bearer");

    const userinfo = await client.fetchUserInfo(web, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({
      sub: claims.sub,
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:email": "anna.beispiel@example.org",
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });
  });
});

describe("IDP chooser", () => {
  test("lists the sandbox insurers; the chosen one is reached by PAR and completes the login", async () => {
    const browser = new CookieBrowser();
    // No `provider=`: the person chooses. The testing parameters still travel upstream.
    const { url, checks } = await authorizationRequest(web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:display_name",
      kvnr: ANNA,
    });
    const toChooser = await followRedirects(world, browser, {
      url,
      response: await browser.fetch(url.href),
    });
    const chooser = toChooser.response;
    const chooserUrl = toChooser.hops.at(-1)!.url;
    expect(chooser.status).toBe(200);
    expect(chooserUrl.pathname).toMatch(/^\/connect\/interaction\/[^/]+$/);
    expect(chooser.headers.get("content-type")).toMatch(/^text\/html/);
    expect(chooser.headers.get("content-security-policy")).toMatch(
      /script-src 'nonce-[A-Za-z0-9+/=_-]{16,}'/,
    );
    const html = await chooser.text();
    for (const name of ["nord", "sued", "privat"] as const)
      expect(html).toContain(`value="${world.idp(name)}"`);

    const chosen = await browser.fetch(chooserUrl.href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ idp: world.idp("nord") }).toString(),
    });
    expect(chosen.status).toBe(303);
    const upstream = new URL(chosen.headers.get("location")!);
    expect(`${upstream.origin}${upstream.pathname}`).toBe(`${world.idp("nord")}/auth`);
    // Pushed (RFC 9126): only client_id and request_uri travel through the browser.
    expect([...upstream.searchParams.keys()].sort()).toEqual(["client_id", "request_uri"]);
    expect(upstream.searchParams.get("request_uri")).toMatch(/^urn:ietf:params:oauth:request_uri:/);

    const followed = await followRedirects(world, browser, {
      url: chooserUrl,
      response: chosen,
      method: "POST",
    });
    expectNoServerErrors([...toChooser.hops, ...followed.hops]);
    expect(followed.location).toBeDefined();
    const tokens = await client.authorizationCodeGrant(web, followed.location!, checks);
    expect(tokens.claims()).toMatchObject({
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });
  });
});

describe("sub modes through the federation", () => {
  /** The sandbox's person insured at two insurers (he switched), from /api/identities. */
  function personAtTwoInsurers(): { kvnr: string; insurers: [string, string] } {
    const person = identities.find(
      (identity) => identities.filter((other) => other.kvnr === identity.kvnr).length === 2,
    );
    expect(person).toBeDefined();
    const insurers = identities.filter((other) => other.kvnr === person!.kvnr).map((i) => i.idp);
    return { kvnr: person!.kvnr, insurers: [insurers[0]!, insurers[1]!] };
  }

  test("PERSON: one sub for the same KVNR at two insurers, stable on the next login", async () => {
    const { kvnr, insurers } = personAtTwoInsurers();
    const rp = await app({ subMode: "PERSON" });
    const subAt = async (idp: string) =>
      (
        await federatedLogin(world, rp, {
          redirectUri: TEST_REDIRECT,
          scope: "openid urn:telematik:versicherter",
          idp,
          kvnr,
        })
      ).claims.sub;
    const first = await subAt(insurers[0]);
    expect(await subAt(insurers[1])).toBe(first);
    expect(await subAt(insurers[0])).toBe(first);
    expect(first).not.toContain(kvnr);
  });

  test("UNIQUE: one sub across applications for one upstream account, another at another insurer", async () => {
    // Two web applications: demo-mobile's insurer returns to the app (mobile.int.test.ts).
    const first = await app({ subMode: "UNIQUE" });
    const other = await app({ subMode: "UNIQUE" });
    const { kvnr, insurers } = personAtTwoInsurers();
    const login = async (rp: client.Configuration, idp: string) =>
      (await federatedLogin(world, rp, { redirectUri: TEST_REDIRECT, idp, kvnr })).claims.sub;

    const mine = await login(first, insurers[0]);
    expect(await login(other, insurers[0])).toBe(mine);
    expect(await login(first, insurers[0])).toBe(mine);
    // Another upstream account (same person, other insurer) is another UNIQUE sub.
    expect(await login(first, insurers[1])).not.toBe(mine);
  });

  test("PAIRWISE: differs between applications, stable per application", async () => {
    const other = await app({ subMode: "PAIRWISE" });
    const login = async (rp: client.Configuration, redirectUri: string) =>
      (await federatedLogin(world, rp, { redirectUri, idp: world.idp("nord"), kvnr: ANNA })).claims
        .sub;
    const atWeb = await login(web, webRedirect);
    const atOther = await login(other, TEST_REDIRECT);
    expect(atOther).not.toBe(atWeb);
    expect(await login(web, webRedirect)).toBe(atWeb);
    expect(await login(other, TEST_REDIRECT)).toBe(atOther);
  });
});

describe("released claims", () => {
  test("claims of scopes not requested are absent from the ID token and userinfo", async () => {
    const { tokens, claims } = await federatedLogin(world, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:display_name",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    const userinfo = await client.fetchUserInfo(web, tokens.access_token, claims.sub);
    for (const released of [claims, userinfo]) {
      expect(released["urn:telematik:claims:display_name"]).toBe("Anna Beispiel");
      expect(released).not.toHaveProperty("urn:telematik:claims:email");
      expect(released).not.toHaveProperty("urn:telematik:claims:id");
      expect(released).not.toHaveProperty("urn:telematik:claims:geburtsdatum");
    }
  });
});

describe("upstream failures reach the app as OAuth errors", () => {
  const cases = [
    {
      name: "a KVNR the insurer does not know (cancel)",
      kvnr: "X000000000",
      error: "access_denied",
    },
    { name: "IDP unavailable", simulate: "unavailable", error: "temporarily_unavailable" },
    {
      name: "ID token with an invalid signature",
      simulate: "invalid_signature",
      error: "server_error",
    },
    { name: "expired ID token", simulate: "expired_id_token", error: "server_error" },
    {
      name: "ID token signed but not encrypted, though the broker registered an encryption key",
      simulate: "unencrypted_id_token",
      error: "server_error",
    },
  ];
  for (const failure of cases) {
    test(`${failure.name} → ${failure.error}`, async () => {
      const { callback, checks, hops } = await federatedAuthorize(world, web, {
        redirectUri: webRedirect,
        idp: world.idp("nord"),
        kvnr: failure.kvnr ?? ANNA,
        extra: failure.simulate ? { sandbox_simulate: failure.simulate } : {},
      });
      expectNoServerErrors(hops);
      expect(`${callback.origin}${callback.pathname}`).toBe(webRedirect);
      expect(callback.searchParams.get("error")).toBe(failure.error);
      expect(callback.searchParams.get("state")).toBe(checks.expectedState);
      expect(callback.searchParams.get("iss")).toBe(world.issuer);
      expect(callback.searchParams.has("code")).toBe(false);
    });
  }
});

describe("upstream callback", () => {
  test("a replayed callback URL is refused with an error page, not a second login", async () => {
    const { hops, browser } = await federatedAuthorize(world, web, {
      redirectUri: webRedirect,
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    const callback = hops.find((hop) => hop.url.pathname === "/oidcf/signin")!.url;
    expect(callback.searchParams.get("code")).toBeTruthy();
    const replay = await browser.fetch(callback.href);
    expect(replay.status).toBe(400);
    expect(replay.headers.get("location")).toBeNull();
    expect(replay.headers.get("content-type")).toMatch(/^text\/html/);
  });
});

describe("callback bound to the browser that started the login (RFC 9700 §4.7, RFC 6749 §10.12)", () => {
  test("a victim who finishes a login the attacker started gives the attacker no code", async () => {
    // The attacker starts a login and stops where the insurer would ask for credentials.
    const attacker = new CookieBrowser();
    const { url } = await authorizationRequest(web, {
      redirectUri: webRedirect,
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    let next = url;
    let response = await attacker.fetch(next.href);
    let uid: string | undefined;
    for (let hop = 0; hop < 10; hop += 1) {
      next = new URL(response.headers.get("location")!, next);
      uid ??= /^\/connect\/interaction\/([^/]+)$/.exec(next.pathname)?.[1];
      if (next.origin === new URL(world.sandboxUrl).origin) break;
      response = await attacker.fetch(next.href);
    }
    expect(uid).toBeTruthy();
    expect(next.origin).toBe(new URL(world.sandboxUrl).origin);

    // The victim is lured to the insurer's page and logs in there, in a browser of their own.
    const victim = new CookieBrowser();
    const victimRun = await followRedirects(world, victim, {
      url: next,
      response: await victim.fetch(next.href),
    });
    const signin = victimRun.hops.find((hop) => hop.url.pathname.endsWith(`/${uid}/signin`));
    expect(signin?.status).toBe(400);
    expect(victimRun.location).toBeUndefined();
    expectNoServerErrors(victimRun.hops);

    // The attacker resumes the authorization with their own cookies: the broker has no login
    // for it and asks again, so what leaves the broker is not a code for the app.
    let resume = new URL(`/connect/auth/${uid}`, world.issuer);
    let answer = await attacker.fetch(resume.href);
    while (
      answer.status === 303 &&
      new URL(answer.headers.get("location")!, resume).origin === new URL(world.issuer).origin
    ) {
      resume = new URL(answer.headers.get("location")!, resume);
      answer = await attacker.fetch(resume.href);
    }
    expect(answer.status).toBeLessThan(500);
    const leaves = new URL(answer.headers.get("location") ?? resume.href, resume);
    expect(leaves.origin).not.toBe(new URL(webRedirect).origin);
    expect(leaves.searchParams.get("code")).toBeNull();
  });
});

describe("audit trail", () => {
  /** Provider events are recorded without waiting; give them a moment. */
  async function eventsOf(flowId: string, until: (types: string[]) => boolean) {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const events = await world.prisma.auditEvent.findMany({
        where: { flowId },
        orderBy: { seq: "asc" },
      });
      if (until(events.map((event) => event.type))) return events;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`audit events of ${flowId} did not arrive`);
  }

  function flowIdOf(hops: Hop[]): string {
    const signin = hops.find((hop) =>
      /^\/connect\/interaction\/[^/]+\/signin$/.test(hop.url.pathname),
    );
    return decodeURIComponent(signin!.url.pathname.split("/")[3]!);
  }

  test("a login is one flow of events, in order, with nothing secret in them", async () => {
    const { tokens, hops, callback } = await federatedLogin(world, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:versicherter urn:telematik:email",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    const flowId = flowIdOf(hops);
    const events = await eventsOf(flowId, (types) => types.includes("code.issued"));
    const types = events.map((event) => event.type);
    expect(types).toEqual([
      "authorize.request",
      "idp.chosen",
      "upstream.redirect",
      "upstream.callback",
      "code.issued",
    ]);
    expect(events.every((event) => event.outcome === "SUCCESS")).toBe(true);
    expect(events.every((event) => event.clientId === DEMO_WEB.clientId)).toBe(true);
    expect(events.find((event) => event.type === "idp.chosen")!.upstreamIdp).toBe(
      world.idp("nord"),
    );

    // The token request joins the flow by its grant.
    const grantId = events.find((event) => event.type === "code.issued")!.grantId;
    expect(grantId).toBeTruthy();
    let issued: Awaited<ReturnType<typeof world.prisma.auditEvent.findFirst>> = null;
    for (let attempt = 0; attempt < 50 && !issued; attempt += 1) {
      issued = await world.prisma.auditEvent.findFirst({
        where: { type: "token.issued", grantId },
      });
      if (!issued) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(issued).toMatchObject({ outcome: "SUCCESS", clientId: DEMO_WEB.clientId });
    expect(issued!.seq).toBeGreaterThan(events.at(-1)!.seq);

    const secrets = [
      ...identities.map((identity) => identity.kvnr),
      callback.searchParams.get("code")!,
      hops.find((hop) => hop.url.pathname === "/oidcf/signin")!.url.searchParams.get("code")!,
      tokens.access_token,
      tokens.id_token!,
    ];
    const stored = JSON.stringify(
      await world.prisma.auditEvent.findMany(),
      (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value),
    );
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  test("a failed upstream login records the callback's failure with its error code", async () => {
    const { hops } = await federatedAuthorize(world, web, {
      redirectUri: webRedirect,
      idp: world.idp("nord"),
      kvnr: "X000000000",
    });
    const flowId = flowIdOf(hops);
    const events = await eventsOf(flowId, (types) => types.includes("authorize.rejected"));
    expect(events.find((event) => event.type === "upstream.callback")).toMatchObject({
      outcome: "FAILURE",
      errorCode: "access_denied",
      upstreamIdp: world.idp("nord"),
    });
    // The app's side of the same failure, in the same flow.
    expect(events.find((event) => event.type === "authorize.rejected")).toMatchObject({
      outcome: "FAILURE",
      errorCode: "access_denied",
      clientId: DEMO_WEB.clientId,
    });
  });

  test("an unencrypted ID token is the callback's failure, and the app gets no code", async () => {
    const { hops, callback } = await federatedAuthorize(world, web, {
      redirectUri: webRedirect,
      idp: world.idp("nord"),
      kvnr: ANNA,
      extra: { sandbox_simulate: "unencrypted_id_token" },
    });
    expect(callback.searchParams.has("code")).toBe(false);
    const flowId = flowIdOf(hops);
    const events = await eventsOf(flowId, (types) => types.includes("authorize.rejected"));
    expect(events.find((event) => event.type === "upstream.callback")).toMatchObject({
      outcome: "FAILURE",
      errorCode: "server_error",
      upstreamIdp: world.idp("nord"),
    });
    expect(events.map((event) => event.type)).not.toContain("code.issued");
  });

  test("the chain verifies, and a tampered row breaks it", async () => {
    await federatedLogin(world, web, {
      redirectUri: webRedirect,
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    const report = await verifyAuditChain(world.prisma);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThan(5);

    const victim = await world.prisma.auditEvent.findFirstOrThrow({
      where: { type: "upstream.callback", outcome: "SUCCESS" },
      orderBy: { seq: "asc" },
    });
    await world.prisma.auditEvent.update({
      where: { id: victim.id },
      data: { outcome: "FAILURE", errorCode: "access_denied" },
    });
    try {
      expect(await verifyAuditChain(world.prisma)).toMatchObject({
        ok: false,
        brokenAt: { id: victim.id, reason: "hash" },
      });
    } finally {
      await world.prisma.auditEvent.update({
        where: { id: victim.id },
        data: { outcome: victim.outcome, errorCode: victim.errorCode },
      });
    }
    expect((await verifyAuditChain(world.prisma)).ok).toBe(true);
  });
});

describe("refresh tokens after a federated login", () => {
  test("offline_access yields a refresh token that rotates; reusing the old one is refused and revokes", async () => {
    const { tokens, claims } = await federatedLogin(world, web, {
      redirectUri: webRedirect,
      scope: "openid offline_access urn:telematik:email",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    const first = tokens.refresh_token!;
    expect(first).toBeTruthy();

    const rotated = await client.refreshTokenGrant(web, first);
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(first);
    expect(rotated.claims()).toMatchObject({
      sub: claims.sub,
      "urn:telematik:claims:email": "anna.beispiel@example.org",
    });

    // RFC 9700 §4.14.2: reuse of a rotated refresh token revokes the grant.
    expect(await oauthError(client.refreshTokenGrant(web, first))).toMatchObject({
      error: "invalid_grant",
    });
    expect(await oauthError(client.refreshTokenGrant(web, rotated.refresh_token!))).toMatchObject({
      error: "invalid_grant",
    });
    expect((await client.tokenIntrospection(web, rotated.access_token)).active).toBe(false);
  });
});
