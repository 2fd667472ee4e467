/**
 * Backchannel login (OpenID Connect CIBA Core 1.0, docs/flows/ciba.md) as openid-client
 * runs it, against the real sandbox: the broker asks the insurer, the person answers on the
 * sandbox's phone (its own HTTP pages), the app polls or is pinged. Covers both modes, every
 * error with nothing issued, slow_down, single use, client binding and concurrent polls.
 *
 * Waiting out a polling interval is simulated by moving the request's next allowed poll
 * into the past in the database (`elapse`), so the suite need not sleep 5 s per poll.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_HELPDESK_PING, DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { createApplication } from "./support/applications.js";
import {
  federatedLogin,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";

const CIBA = "urn:openid:params:grant-type:ciba";
/** Anna Beispiel, insured at nord; Mira Probst at sued (docs/sandbox.md). */
const ANNA = "X110411675";
const MIRA = "X110413109";

let world: FederatedWorld;
let web: client.Configuration;

beforeAll(async () => {
  world = await startFederatedWorld();
  web = await relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
});
afterAll(async () => world?.close());

const key = (authReqId: string) => createHash("sha256").update(authReqId).digest("hex");

/** As if the app and the broker had waited out their intervals. */
async function elapse(authReqId: string): Promise<void> {
  const past = new Date(Date.now() - 1000);
  await world.prisma.cibaRequest.update({
    where: { id: key(authReqId) },
    data: { nextPollAt: past, nextUpstreamPollAt: past },
  });
}

function start(config: client.Configuration, params: Record<string, string> = {}) {
  return client.initiateBackchannelAuthentication(config, {
    scope: "openid urn:telematik:display_name",
    login_hint: ANNA,
    binding_message: "Code 4711",
    provider: world.idp("nord"),
    ...params,
  });
}

function poll(config: client.Configuration, authReqId: string) {
  return client.genericGrantRequest(config, CIBA, { auth_req_id: authReqId });
}

/**
 * Until the broker has taken the insurer's answer: the background poller may be asking the
 * insurer at the same moment as a poll, which then still sees the request pending.
 */
async function settled(authReqId: string): Promise<void> {
  for (let wait = 0; wait < 100; wait += 1) {
    await elapse(authReqId);
    const row = await world.prisma.cibaRequest.findUniqueOrThrow({ where: { id: key(authReqId) } });
    if (row.status !== "PENDING") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the broker did not take the insurer's answer");
}

/** The person's answer on the sandbox phone, as its page posts it. */
async function answerOnPhone(
  kvnr: string,
  bindingMessage: string,
  answer: "approve" | "deny",
): Promise<void> {
  const page = await (await fetch(`${world.sandboxUrl}/authenticator/ciba?kvnr=${kvnr}`)).text();
  const entries = page.split('data-testid="ciba-request"').slice(1);
  const entry = entries.find((html) => html.includes(bindingMessage));
  expect(entry, `a pending request "${bindingMessage}" on the phone`).toBeDefined();
  const action = new RegExp(`action="([^"]*/${answer})"`).exec(entry!)?.[1];
  expect(action).toBeDefined();
  const response = await fetch(new URL(action!, world.sandboxUrl), {
    method: "POST",
    headers: { origin: new URL(world.sandboxUrl).origin },
    redirect: "manual",
  });
  expect(response.status).toBe(303);
}

describe("discovery", () => {
  test("advertises the backchannel endpoint, both delivery modes and user codes", async () => {
    const metadata = web.serverMetadata();
    expect(metadata.backchannel_authentication_endpoint).toBe(`${world.issuer}/connect/ciba`);
    expect(metadata.backchannel_token_delivery_modes_supported).toEqual(["poll", "ping"]);
    expect(metadata.backchannel_user_code_parameter_supported).toBe(true);
    expect(metadata.grant_types_supported).toContain(CIBA);
  });
});

describe("poll mode", () => {
  test("pending until the person approves on the phone, then tokens, once", async () => {
    const started = await start(web, { binding_message: "Code 1001" });
    expect(started.interval).toBeGreaterThanOrEqual(5);
    expect(started.expires_in).toBeGreaterThan(0);

    await elapse(started.auth_req_id);
    expect(await oauthError(poll(web, started.auth_req_id))).toMatchObject({
      error: "authorization_pending",
    });

    await answerOnPhone(ANNA, "Code 1001", "approve");
    await settled(started.auth_req_id);
    const tokens = await poll(web, started.auth_req_id);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ "urn:telematik:claims:display_name": "Anna Beispiel" });
    // The KVNR was asked of the insurer for the broker's check, not granted to the app.
    expect(claims).not.toHaveProperty("urn:telematik:claims:id");

    // The same sub as a browser login of the same person at the same app.
    const { claims: browserClaims } = await federatedLogin(world, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    expect(claims.sub).toBe(browserClaims.sub);

    await elapse(started.auth_req_id);
    expect(await oauthError(poll(web, started.auth_req_id))).toMatchObject({
      error: "invalid_grant",
    });
  });

  test("slow_down for a poll before the interval is over, and the interval grows", async () => {
    const started = await start(web, { binding_message: "Code 1002" });
    expect(await oauthError(poll(web, started.auth_req_id))).toMatchObject({ error: "slow_down" });
    const row = await world.prisma.cibaRequest.findUniqueOrThrow({
      where: { id: key(started.auth_req_id) },
    });
    expect(row.interval).toBe(started.interval! + 5);
    expect(await oauthError(poll(web, started.auth_req_id))).toMatchObject({ error: "slow_down" });
    await elapse(started.auth_req_id);
    expect(await oauthError(poll(web, started.auth_req_id))).toMatchObject({
      error: "authorization_pending",
    });
  });

  test("access_denied when the person declines", async () => {
    const started = await start(web, { binding_message: "Code 1003" });
    await answerOnPhone(ANNA, "Code 1003", "deny");
    await settled(started.auth_req_id);
    expect(await oauthError(poll(web, started.auth_req_id))).toMatchObject({
      error: "access_denied",
    });
  });

  test("expired_token once the request has expired", async () => {
    const started = await start(web, { binding_message: "Code 1004", requested_expiry: "1" });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await elapse(started.auth_req_id);
    expect(await oauthError(poll(web, started.auth_req_id))).toMatchObject({
      error: "expired_token",
    });
  });

  test("concurrent polls of an approved request issue one token set", async () => {
    const started = await start(web, { binding_message: "Code 1005" });
    await answerOnPhone(ANNA, "Code 1005", "approve");
    // Let the broker's background poller take the insurer's answer, so the polls below race
    // for the tokens only.
    await elapse(started.auth_req_id);
    for (let wait = 0; wait < 50; wait += 1) {
      const row = await world.prisma.cibaRequest.findUniqueOrThrow({
        where: { id: key(started.auth_req_id) },
      });
      if (row.status !== "PENDING") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await elapse(started.auth_req_id);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => poll(web, started.auth_req_id)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  test("an auth_req_id is bound to its client", async () => {
    const other = await createApplication(world.prisma, {
      allowedGrantTypes: ["authorization_code", CIBA],
    });
    const otherConfig = await relyingParty(world, other.clientId, { secret: other.secret });
    const started = await start(web, { binding_message: "Code 1006" });
    await answerOnPhone(ANNA, "Code 1006", "approve");
    await elapse(started.auth_req_id);
    expect(await oauthError(poll(otherConfig, started.auth_req_id))).toMatchObject({
      error: "invalid_grant",
    });
  });

  test("an id_token_hint names the person of an earlier login, at their insurer", async () => {
    const { tokens, claims } = await federatedLogin(world, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      idp: world.idp("nord"),
      kvnr: ANNA,
      scope: "openid urn:telematik:versicherter",
    });
    const started = await client.initiateBackchannelAuthentication(web, {
      scope: "openid",
      id_token_hint: tokens.id_token!,
      binding_message: "Code 1007",
    });
    await answerOnPhone(ANNA, "Code 1007", "approve");
    await settled(started.auth_req_id);
    expect((await poll(web, started.auth_req_id)).claims()!.sub).toBe(claims.sub);
  });
});

describe("refusals: nothing is started", () => {
  async function expectRefused(promise: Promise<unknown>, error: string): Promise<void> {
    const before = await world.prisma.cibaRequest.count();
    expect(await oauthError(promise)).toMatchObject({ error });
    expect(await world.prisma.cibaRequest.count()).toBe(before);
  }

  test("unknown_user_id for a person the insurer does not know", async () => {
    await expectRefused(start(web, { login_hint: MIRA }), "unknown_user_id");
  });

  test("invalid_request for a login_hint that is no KVNR", async () => {
    await expectRefused(start(web, { login_hint: "not-a-kvnr" }), "invalid_request");
  });

  test("invalid_binding_message for a message the phone cannot show", async () => {
    await expectRefused(start(web, { binding_message: "x".repeat(65) }), "invalid_binding_message");
    await expectRefused(start(web, { binding_message: "line\nbreak" }), "invalid_binding_message");
  });

  test("expired_login_hint_token for an expired ID token as the hint", async () => {
    const app = await createApplication(world.prisma, {
      allowedGrantTypes: ["authorization_code", CIBA],
    });
    await world.prisma.application.update({
      where: { clientId: app.clientId },
      data: { idTokenTtl: 1 },
    });
    const config = await relyingParty(world, app.clientId, { secret: app.secret });
    const { tokens } = await federatedLogin(world, config, {
      redirectUri: "http://localhost:5999/callback",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expectRefused(
      client.initiateBackchannelAuthentication(config, {
        scope: "openid",
        login_hint_token: tokens.id_token!,
      }),
      "expired_login_hint_token",
    );
  });

  test("unauthorized_client for an application not allowed CIBA", async () => {
    const app = await createApplication(world.prisma, {
      allowedGrantTypes: ["authorization_code"],
    });
    const config = await relyingParty(world, app.clientId, { secret: app.secret });
    await expectRefused(start(config), "unauthorized_client");
  });

  test("a public client cannot start a backchannel login", async () => {
    const mobile = await relyingParty(world, DEMO_MOBILE.clientId, "none");
    const before = await world.prisma.cibaRequest.count();
    expect(await oauthError(start(mobile))).toMatchObject({ error: "unauthorized_client" });
    expect(await world.prisma.cibaRequest.count()).toBe(before);
  });

  test("missing_user_code and invalid_user_code where the app requires one", async () => {
    const app = await createApplication(world.prisma, {
      allowedGrantTypes: ["authorization_code", CIBA],
    });
    await world.prisma.application.update({
      where: { clientId: app.clientId },
      data: { cibaUserCodeRequired: true },
    });
    const config = await relyingParty(world, app.clientId, { secret: app.secret });
    await expectRefused(start(config), "missing_user_code");
    await expectRefused(start(config, { user_code: "0000" }), "invalid_user_code");
    // The person's code at the sandbox insurer: the last four digits of the KVNR.
    const started = await start(config, { user_code: ANNA.slice(-4) });
    expect(started.auth_req_id).toBeTruthy();
  });
});

describe("ping mode", () => {
  test("the broker notifies the app with its token, then the app redeems", async () => {
    const notifications: { authorization?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        notifications.push({ authorization: req.headers.authorization, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://localhost:${(server.address() as AddressInfo).port}/notify`;
    await world.prisma.application.update({
      where: { clientId: DEMO_HELPDESK_PING.clientId },
      data: { cibaNotificationEndpoint: endpoint },
    });
    try {
      const helpdesk = await relyingParty(world, DEMO_HELPDESK_PING.clientId, {
        secret: DEMO_HELPDESK_PING.developmentSecret,
      });
      // Ping mode needs the token it will be notified with.
      expect(await oauthError(start(helpdesk))).toMatchObject({ error: "invalid_request" });

      const started = await start(helpdesk, {
        binding_message: "Code 2001",
        client_notification_token: "notify-me-8e4c1b",
      });
      await answerOnPhone(ANNA, "Code 2001", "approve");
      await elapse(started.auth_req_id);
      // The broker's background poller asks the insurer and pings (about once a second).
      for (let wait = 0; wait < 50 && notifications.length === 0; wait += 1)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notifications).toEqual([
        {
          authorization: "Bearer notify-me-8e4c1b",
          body: JSON.stringify({ auth_req_id: started.auth_req_id }),
        },
      ]);
      await elapse(started.auth_req_id);
      const tokens = await poll(helpdesk, started.auth_req_id);
      expect(tokens.claims()).toMatchObject({
        "urn:telematik:claims:display_name": "Anna Beispiel",
      });

      // No answer before the request expires: the app is told too, and learns why.
      notifications.length = 0;
      const unanswered = await start(helpdesk, {
        binding_message: "Code 2002",
        client_notification_token: "notify-me-expired",
        requested_expiry: "1",
      });
      for (let wait = 0; wait < 50 && notifications.length === 0; wait += 1)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notifications).toEqual([
        {
          authorization: "Bearer notify-me-expired",
          body: JSON.stringify({ auth_req_id: unanswered.auth_req_id }),
        },
      ]);
      await elapse(unanswered.auth_req_id);
      expect(await oauthError(poll(helpdesk, unanswered.auth_req_id))).toMatchObject({
        error: "expired_token",
      });
    } finally {
      server.close();
    }
  });
});

describe("audit", () => {
  test("records the request, the approval and the polls in one flow", async () => {
    const started = await start(web, { binding_message: "Code 3001" });
    await elapse(started.auth_req_id);
    await oauthError(poll(web, started.auth_req_id));
    await answerOnPhone(ANNA, "Code 3001", "approve");
    await settled(started.auth_req_id);
    await poll(web, started.auth_req_id);
    const { flowId } = await world.prisma.cibaRequest.findUniqueOrThrow({
      where: { id: key(started.auth_req_id) },
    });
    const events = await world.prisma.auditEvent.findMany({
      where: { flowId },
      orderBy: { seq: "asc" },
    });
    expect(events.map((event) => `${event.type}:${event.outcome}`)).toEqual([
      "ciba.request:SUCCESS",
      "ciba.poll:FAILURE",
      "ciba.approved:SUCCESS",
      "ciba.poll:SUCCESS",
    ]);
    expect(JSON.stringify(events.map(({ seq: _seq, ...event }) => event))).not.toContain(
      started.auth_req_id,
    );
  });
});
