/**
 * Attack battery: the mobile exchange API forged, replayed and swapped (DESIGN.md §4
 * "Mobile flows"; RFC 9700 §4.5 code injection, §4.4 mix-up; RFC 6749 §10.12), oversized and
 * deeply nested bodies, and header injection through reflected values. Each case asserts
 * the exact refusal and that no broker code (so no token) came out of it.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import {
  APP_REDIRECT_URIS,
  nativeDeepLink,
  startFederatedWorld,
  type FederatedWorld,
} from "../support/federated-world.js";
import { relyingParty } from "../support/relying-party.js";

const ANNA = "X110411675";
const APP_LINK = APP_REDIRECT_URIS[0]!;

let world: FederatedWorld;
let mobile: client.Configuration;

beforeAll(async () => {
  world = await startFederatedWorld();
  mobile = await relyingParty(world, DEMO_MOBILE.clientId, "none");
});
afterAll(async () => world?.close());

async function exchange(body: unknown, raw?: string) {
  const response = await fetch(new URL("/oidcf/exchange/mobile", world.issuer), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, string> };
}

/** Flow B up to the deep link the insurer sends the app. */
async function deepLink() {
  const { deepLink: link, checks } = await nativeDeepLink(world, mobile, {
    redirectUri: APP_LINK,
    scope: "openid urn:telematik:versicherter",
    idp: world.idp("nord"),
    kvnr: ANNA,
  });
  return { link, checks };
}

/** The broker code in an exchange answer, if any. */
function brokerCode(answer: { body: Record<string, string> }): string | null {
  return answer.body.redirectUrl ? new URL(answer.body.redirectUrl).searchParams.get("code") : null;
}

describe("attack: the exchange API forged, replayed, swapped", () => {
  test("a forged code with a real state: the login fails for the app, no code, the state is spent", async () => {
    const { link } = await deepLink();
    const state = link.searchParams.get("state")!;
    const forged = await exchange({ clientId: DEMO_MOBILE.clientId, code: "forged-code", state });
    expect(forged.status).toBe(200);
    expect(new URL(forged.body.redirectUrl!).searchParams.get("error")).toBeTruthy();
    expect(brokerCode(forged)).toBeNull();
    // The real code cannot be brought in afterwards: the pending flow is gone.
    const late = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: link.href });
    expect(late).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  test("swapped: one login's code with another login's state gives no broker code", async () => {
    const first = await deepLink();
    const second = await deepLink();
    const swapped = await exchange({
      clientId: DEMO_MOBILE.clientId,
      code: first.link.searchParams.get("code")!,
      state: second.link.searchParams.get("state")!,
    });
    expect(brokerCode(swapped)).toBeNull();
    expect(new URL(swapped.body.redirectUrl!).searchParams.get("error")).toBeTruthy();
  });

  test("mix-up: a deep link naming another issuer than the flow's insurer gives no broker code", async () => {
    const { link } = await deepLink();
    link.searchParams.set("iss", world.idp("sued"));
    const answer = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: link.href });
    expect(brokerCode(answer)).toBeNull();
  });

  test("a web application's client id cannot exchange a native app's login", async () => {
    const { link } = await deepLink();
    const answer = await exchange({ clientId: DEMO_WEB.clientId, redirectUrl: link.href });
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // The rightful app still can: the attempt burned nothing.
    const own = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: link.href });
    expect(brokerCode(own)).toBeTruthy();
  });

  test("an intercepted broker code is useless without the app's PKCE verifier", async () => {
    const { link } = await deepLink();
    const answer = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: link.href });
    const code = brokerCode(answer)!;
    expect(code).toBeTruthy();
    const response = await fetch(new URL("/connect/token", world.issuer), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: DEMO_MOBILE.clientId,
        code,
        redirect_uri: APP_LINK,
        code_verifier: client.randomPKCECodeVerifier(),
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("attack: oversized and deeply nested bodies", () => {
  test("a body over the limit is 413 before it is parsed", async () => {
    const answer = await exchange(null, JSON.stringify({ clientId: "x".repeat(64 * 1024) }));
    expect(answer).toMatchObject({ status: 413, body: { error: "invalid_request" } });
  });

  test("deeply nested JSON is a 400, not a crash", async () => {
    const depth = 5000;
    const answer = await exchange(null, `${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  test("an oversized token request is 413 with the OAuth error shape", async () => {
    const response = await fetch(new URL("/connect/token", world.issuer), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=authorization_code&code=${"x".repeat(100 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("attack: header injection through reflected values", () => {
  const INJECTION = "x\r\nSet-Cookie: injected=1\r\nX-Injected: 1";

  test.each([
    [
      "the state of an authorization request",
      () => {
        const url = new URL("/connect/auth", world.issuer);
        url.search = new URLSearchParams({
          client_id: DEMO_WEB.clientId,
          response_type: "code",
          scope: "openid",
          redirect_uri: DEMO_WEB.redirectUris[0]!,
          state: INJECTION,
          code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
          code_challenge_method: "S256",
        }).toString();
        return url;
      },
    ],
    [
      "the state of the upstream callback",
      () => {
        const url = new URL("/oidcf/signin", world.issuer);
        url.searchParams.set("state", INJECTION);
        return url;
      },
    ],
    [
      "the relying party of the IDP list",
      () => {
        const url = new URL("/api/v1/idps", world.issuer);
        url.searchParams.set("relyingPartyId", INJECTION);
        return url;
      },
    ],
  ] as [string, () => URL][])("%s adds no header", async (_name, target) => {
    const response = await fetch(target(), { redirect: "manual" });
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("x-injected")).toBeNull();
    expect(response.headers.getSetCookie().some((c) => c.startsWith("injected="))).toBe(false);
    const location = response.headers.get("location");
    if (location) expect(location).not.toMatch(/[\r\n]/);
  });
});
