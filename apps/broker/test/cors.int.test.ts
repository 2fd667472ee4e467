/**
 * CORS for apps running in a browser (the Expo web build): the native APIs
 * (native-api/cors.ts) and oidc-provider's token endpoint (`clientBasedCORS`,
 * oidc/configuration.ts) answer an origin only when it is the origin of one of the calling
 * application's http(s) redirect URIs; never `*`, never with credentials.
 */
import type * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import {
  authorizationRequest,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { relyingParty } from "./support/relying-party.js";

/** The web build of apps/mobile: the origin of demo-mobile's `http://localhost:8081/app/ce`. */
const APP_ORIGIN = new URL(DEMO_MOBILE.redirectUris[0]).origin;
const DEMO_WEB_ORIGIN = new URL(DEMO_WEB.redirectUris[0]).origin;
const STRANGER = "https://attacker.example";

let world: FederatedWorld;
let mobile: client.Configuration;

beforeAll(async () => {
  world = await startFederatedWorld();
  mobile = await relyingParty(world, DEMO_MOBILE.clientId, "none");
});
afterAll(async () => world?.close());

function call(path: string, origin: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("origin", origin);
  return fetch(new URL(path, world.issuer), { redirect: "manual", ...init, headers });
}

/** What a browser needs to let the page read the answer, and nothing more. */
function expectReadableBy(response: Response, origin: string) {
  expect(response.headers.get("access-control-allow-origin")).toBe(origin);
  expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  expect(response.headers.get("vary")?.toLowerCase()).toContain("origin");
}

function expectNotReadable(response: Response) {
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
}

const idps = (clientId: string) => `/api/v1/idps?relyingPartyId=${encodeURIComponent(clientId)}`;

function exchangeBody(clientId: string) {
  return {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId, code: "not-a-code", state: "not-a-state" }),
  };
}

describe("GET /api/v1/idps", () => {
  test("the app's own origin may read the list", async () => {
    const response = await call(idps(DEMO_MOBILE.clientId), APP_ORIGIN);
    expect(response.status).toBe(200);
    expectReadableBy(response, APP_ORIGIN);
  });

  test("an origin the application did not register may not", async () => {
    expectNotReadable(await call(idps(DEMO_MOBILE.clientId), STRANGER));
  });

  test("another application's origin may not read this application's list", async () => {
    expectNotReadable(await call(idps(DEMO_WEB.clientId), APP_ORIGIN));
  });

  test("the opaque origin null is never allowed", async () => {
    expectNotReadable(await call(idps(DEMO_MOBILE.clientId), "null"));
  });

  test("an unknown client's 404 is not readable cross-origin", async () => {
    const response = await call(idps("nobody"), APP_ORIGIN);
    expect(response.status).toBe(404);
    expectNotReadable(response);
  });
});

describe("POST /oidcf/exchange/mobile", () => {
  const preflight = (origin: string, method = "POST") =>
    call("/oidcf/exchange/mobile", origin, {
      method: "OPTIONS",
      headers: {
        "access-control-request-method": method,
        "access-control-request-headers": "content-type",
      },
    });

  test("the preflight allows a registered app origin, POST and content-type only", async () => {
    const response = await preflight(APP_ORIGIN);
    expect(response.status).toBe(204);
    expectReadableBy(response, APP_ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toBe("POST");
    expect(response.headers.get("access-control-allow-headers")).toContain("content-type");
  });

  test("the preflight does not allow a stranger or another method", async () => {
    expectNotReadable(await preflight(STRANGER));
    expectNotReadable(await preflight(APP_ORIGIN, "DELETE"));
  });

  test("the app's origin can read the exchange's JSON error for its own client", async () => {
    const response = await call(
      "/oidcf/exchange/mobile",
      APP_ORIGIN,
      exchangeBody(DEMO_MOBILE.clientId),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
    expectReadableBy(response, APP_ORIGIN);
  });

  test("not when the body names another application", async () => {
    const response = await call(
      "/oidcf/exchange/mobile",
      APP_ORIGIN,
      exchangeBody(DEMO_WEB.clientId),
    );
    expect(response.status).toBe(400);
    expectNotReadable(response);
  });
});

describe("GET /connect/auth with response_format=json (flow B)", () => {
  test("the app's origin can read the insurer URL; no cookie is set", async () => {
    const { url } = await authorizationRequest(mobile, {
      redirectUri: DEMO_MOBILE.redirectUris[0],
      scope: "openid urn:telematik:versicherter",
      idp: world.idp("nord"),
      extra: { response_format: "json" },
    });
    const response = await call(url.pathname + url.search, APP_ORIGIN);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty("url");
    expectReadableBy(response, APP_ORIGIN);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  test("a stranger cannot read it", async () => {
    const { url } = await authorizationRequest(mobile, {
      redirectUri: DEMO_MOBILE.redirectUris[0],
      idp: world.idp("nord"),
      extra: { response_format: "json" },
    });
    expectNotReadable(await call(url.pathname + url.search, STRANGER));
  });

  test("the browser flow of /connect/auth gets no CORS headers", async () => {
    const { url } = await authorizationRequest(mobile, {
      redirectUri: DEMO_MOBILE.redirectUris[0],
    });
    const response = await call(url.pathname + url.search, APP_ORIGIN);
    expect(response.status).toBeGreaterThanOrEqual(300);
    expectNotReadable(response);
  });
});

describe("POST /connect/token (oidc-provider clientBasedCORS)", () => {
  const tokenRequest = (clientId: string, origin: string) =>
    call("/connect/token", origin, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: clientId,
        code: "not-a-code",
        redirect_uri: DEMO_MOBILE.redirectUris[0],
        code_verifier: "a".repeat(43),
      }).toString(),
    });

  test("a public client's app origin reads the OAuth error", async () => {
    const response = await tokenRequest(DEMO_MOBILE.clientId, APP_ORIGIN);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
    expectReadableBy(response, APP_ORIGIN);
  });

  test("a stranger is refused", async () => {
    const response = await tokenRequest(DEMO_MOBILE.clientId, STRANGER);
    expectNotReadable(response);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  test("a confidential client is never called from a browser, even from its own origin", async () => {
    const response = await call("/connect/token", DEMO_WEB_ORIGIN, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${DEMO_WEB.clientId}:wrong`).toString("base64")}`,
      },
      body: "grant_type=authorization_code&code=x",
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expectNotReadable(response);
  });
});
