/**
 * Which organisation's audit view an event lands in (docs/security.md "Data isolation
 * between organisations"). A developer sees the events whose client id is one of their
 * organisation's applications (packages/api, services/audit/scope.ts), so an event carries
 * a client id only when the request proved it acts for that client: its secret verified,
 * or it presented a flow, code or token issued to that client. A request that merely names
 * a client id is recorded without one (the claim kept as `details.claimed_client_id`), for
 * admins only; otherwise anyone could plant events in another organisation's view.
 */
import type { Prisma } from "@lotse/db";
import { DEMO_MOBILE, DEMO_ORGANIZATION, DEMO_WEB } from "@lotse/db/seed";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApplication, createOrganization } from "./support/applications.js";
import {
  APP_REDIRECT_URIS,
  CookieBrowser,
  federatedAuthorize,
  nativeDeepLink,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = "X110411675";
const APP_LINK = APP_REDIRECT_URIS[0]!;

let world: FederatedWorld;
let mobile: client.Configuration;
let demoOrganization: string;
/** A public application of another organisation, whose client id an attacker could name. */
let stranger: { clientId: string; organizationId: string };

beforeAll(async () => {
  world = await startFederatedWorld();
  mobile = await relyingParty(world, DEMO_MOBILE.clientId, "none");
  demoOrganization = (
    await world.prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION.slug } })
  ).id;
  const organizationId = await createOrganization(world.prisma);
  const created = await createApplication(world.prisma, {
    organizationId,
    type: "PUBLIC",
    redirectUris: [APP_LINK],
  });
  stranger = { clientId: created.clientId, organizationId };
});
afterAll(async () => world?.close());

type AuditEvent = Awaited<ReturnType<typeof world.prisma.auditEvent.findFirstOrThrow>>;

/** An organisation's developer view, selected as packages/api's auditScope selects it. */
async function developerView(organizationId: string): Promise<Prisma.AuditEventWhereInput> {
  const applications = await world.prisma.application.findMany({
    where: { organizationId },
    select: { clientId: true },
  });
  return { clientId: { in: applications.map((application) => application.clientId) } };
}

async function shownTo(organizationId: string, event: AuditEvent): Promise<boolean> {
  const where = { AND: [await developerView(organizationId), { id: event.id }] };
  return (await world.prisma.auditEvent.count({ where })) === 1;
}

async function lastSeq(): Promise<bigint> {
  const last = await world.prisma.auditEvent.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return last?.seq ?? 0n;
}

/** The first `type` event after `since`; oidc-provider's are written after its answer. */
async function eventAfter(since: bigint, type: string): Promise<AuditEvent> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const event = await world.prisma.auditEvent.findFirst({
      where: { seq: { gt: since }, type },
      orderBy: { seq: "asc" },
    });
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${type} event after seq ${since}`);
}

/** Recorded for admins only: no client, no application, the claimed client id in details. */
function expectUnattributed(event: AuditEvent, claimed: string) {
  expect(event).toMatchObject({ outcome: "FAILURE", clientId: null, applicationId: null });
  expect(event.details).toMatchObject({ claimed_client_id: claimed });
}

async function exchange(body: Record<string, unknown>) {
  const response = await fetch(new URL("/oidcf/exchange/mobile", world.issuer), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** demo-mobile's flow B up to the deep link the insurer sends the app back with. */
function nativeLogin() {
  return nativeDeepLink(world, mobile, {
    redirectUri: APP_LINK,
    idp: world.idp("nord"),
    kvnr: ANNA,
  });
}

/** A broker code for demo-mobile, as the exchange API hands it to the app. */
async function mobileCode() {
  const { deepLink, checks } = await nativeLogin();
  const exchanged = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href });
  expect(exchanged.status).toBe(200);
  return { callback: new URL(String(exchanged.body.redirectUrl)), checks };
}

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(new URL("/connect/token", world.issuer), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

describe("the exchange API (POST /oidcf/exchange/mobile)", () => {
  test("a made-up state naming demo-mobile does not reach demo-mobile's organisation", async () => {
    const since = await lastSeq();
    const answer = await exchange({
      clientId: DEMO_MOBILE.clientId,
      code: "planted",
      state: "a-state-nobody-issued",
    });
    expect(answer.status).toBe(400);
    const event = await eventAfter(since, "exchange.mobile");
    expect(await shownTo(demoOrganization, event)).toBe(false);
    expectUnattributed(event, DEMO_MOBILE.clientId);
  });

  test("another application's state does not reach the organisation of the client named", async () => {
    const { deepLink } = await nativeLogin();
    const since = await lastSeq();
    const refused = await exchange({ clientId: stranger.clientId, redirectUrl: deepLink.href });
    expect(refused.status).toBe(400);
    const event = await eventAfter(since, "exchange.mobile");
    expect(await shownTo(stranger.organizationId, event)).toBe(false);
    expect(await shownTo(demoOrganization, event)).toBe(false);
    expectUnattributed(event, stranger.clientId);

    // The state's own application proves it with the state: its events are its own.
    const own = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href });
    expect(own.status).toBe(200);
    const success = await eventAfter(event.seq, "exchange.mobile");
    expect(success).toMatchObject({ outcome: "SUCCESS", clientId: DEMO_MOBILE.clientId });
    expect(await shownTo(demoOrganization, success)).toBe(true);
  });
});

describe("the token endpoint", () => {
  test("a made-up code naming a public client is not that client's event", async () => {
    const since = await lastSeq();
    const response = await tokenRequest({
      grant_type: "authorization_code",
      client_id: DEMO_MOBILE.clientId,
      code: "a-code-nobody-issued",
      redirect_uri: APP_LINK,
      code_verifier: client.randomPKCECodeVerifier(),
    });
    expect(response.status).toBe(400);
    const event = await eventAfter(since, "token.rejected");
    expect(await shownTo(demoOrganization, event)).toBe(false);
    expectUnattributed(event, DEMO_MOBILE.clientId);
  });

  test("a wrong client secret is not that client's event", async () => {
    const since = await lastSeq();
    const response = await tokenRequest(
      { grant_type: "authorization_code", code: "x", redirect_uri: DEMO_WEB.redirectUris[0] },
      { authorization: `Basic ${Buffer.from(`${DEMO_WEB.clientId}:wrong`).toString("base64")}` },
    );
    expect(response.status).toBe(401);
    const event = await eventAfter(since, "token.rejected");
    expect(await shownTo(demoOrganization, event)).toBe(false);
    expectUnattributed(event, DEMO_WEB.clientId);
  });

  test("a code issued to the client proves it: a wrong verifier and a replay are its events", async () => {
    const { callback, checks } = await mobileCode();
    const since = await lastSeq();
    const wrongVerifier = await oauthError(
      client.authorizationCodeGrant(mobile, callback, {
        ...checks,
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
      }),
    );
    expect(wrongVerifier.error).toBe("invalid_grant");
    const rejected = await eventAfter(since, "token.rejected");
    expect(rejected).toMatchObject({ clientId: DEMO_MOBILE.clientId });
    expect(await shownTo(demoOrganization, rejected)).toBe(true);

    await client.authorizationCodeGrant(mobile, callback, checks);
    const beforeReplay = await lastSeq();
    // The replay revokes the grant (RFC 6749 §4.1.2); the code is gone by the time the
    // event is written, so the proof must be taken before.
    expect((await oauthError(client.authorizationCodeGrant(mobile, callback, checks))).error).toBe(
      "invalid_grant",
    );
    const replay = await eventAfter(beforeReplay, "token.rejected");
    expect(replay).toMatchObject({ clientId: DEMO_MOBILE.clientId });
    const revoked = await eventAfter(beforeReplay, "token.revoked");
    expect(revoked).toMatchObject({ clientId: DEMO_MOBILE.clientId });
  });
});

describe("the authorization endpoint", () => {
  const authorize = (params: Record<string, string>) =>
    fetch(
      new URL(
        `/connect/auth?${new URLSearchParams({
          response_type: "code",
          scope: "openid",
          state: "s",
          ...params,
        }).toString()}`,
        world.issuer,
      ),
      { redirect: "manual" },
    );
  const pkce = { code_challenge: "a".repeat(43), code_challenge_method: "S256" };

  test("a redirect_uri the client did not register is not that client's event", async () => {
    const since = await lastSeq();
    const response = await authorize({
      client_id: DEMO_WEB.clientId,
      redirect_uri: "https://attacker.example/register-me",
      ...pkce,
    });
    expect(response.status).toBe(400);
    const event = await eventAfter(since, "authorize.rejected");
    expect(await shownTo(demoOrganization, event)).toBe(false);
    expectUnattributed(event, DEMO_WEB.clientId);
  });

  test("a rejection answered at a registered redirect_uri is the client's event", async () => {
    const since = await lastSeq();
    // No PKCE: refused (RFC 9700 §2.1.1), and the error goes to the app's redirect URI.
    const response = await authorize({
      client_id: DEMO_WEB.clientId,
      redirect_uri: DEMO_WEB.redirectUris[0],
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!, world.issuer);
    expect(location.href.startsWith(DEMO_WEB.redirectUris[0])).toBe(true);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    const event = await eventAfter(since, "authorize.rejected");
    expect(event).toMatchObject({ clientId: DEMO_WEB.clientId });
    expect(await shownTo(demoOrganization, event)).toBe(true);
  });
});

describe("logout (RP-Initiated Logout)", () => {
  /** Both steps in one browser: the end-session request, then its confirmation. */
  async function logout(browser: CookieBrowser, params: Record<string, string>) {
    const start = await browser.fetch(
      new URL(`/connect/endsession?${new URLSearchParams(params).toString()}`, world.issuer).href,
    );
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await start.text())?.[1];
    expect(xsrf).toBeTruthy();
    const confirmed = await browser.fetch(
      new URL("/connect/endsession/confirm", world.issuer).href,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ xsrf: xsrf!, logout: "yes" }).toString(),
      },
    );
    expect(confirmed.status).toBe(303);
  }

  test("ending a session that never logged in to the client is not that client's event", async () => {
    const since = await lastSeq();
    await logout(new CookieBrowser(), { client_id: DEMO_WEB.clientId });
    const event = await eventAfter(since, "logout");
    expect(await shownTo(demoOrganization, event)).toBe(false);
    expect(event).toMatchObject({ clientId: null, applicationId: null });
    expect(event.details).toMatchObject({ claimed_client_id: DEMO_WEB.clientId });
  });

  test("ending a session with a login at the client is the client's event", async () => {
    const web = await relyingParty(world, DEMO_WEB.clientId, {
      secret: DEMO_WEB.developmentSecret,
    });
    const browser = new CookieBrowser();
    await federatedAuthorize(world, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      idp: world.idp("nord"),
      kvnr: ANNA,
      browser,
    });
    const since = await lastSeq();
    await logout(browser, { client_id: DEMO_WEB.clientId });
    const event = await eventAfter(since, "logout");
    expect(event).toMatchObject({ clientId: DEMO_WEB.clientId });
    expect(await shownTo(demoOrganization, event)).toBe(true);
  });
});
