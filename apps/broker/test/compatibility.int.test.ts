/**
 * Drop-in compatibility with existing Health-ID broker clients (issue 13), replaying the
 * published example clients' exact calls against the real sandbox: the IDP list under
 * their spelling `relayingPartyId` with the organisation's relying-party id, an app whose
 * only redirect URI is an https App Link going through mobile flow A (the insurer returns
 * to the App Link, the app hands the deep link, or `{code, state}`, to the exchange API),
 * and a classic client's `/connect/authorize`.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_WEB } from "@lotse/db/seed";
import { createApplication, createOrganization } from "./support/applications.js";
import {
  APP_REDIRECT_URIS,
  CookieBrowser,
  authorizationRequest,
  federatedLogin,
  flowAInBrowser,
  followRedirects,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = "X110411675";
/** The example clients' redirect URI: an https App Link, nothing else. */
const APP_LINK = APP_REDIRECT_URIS[1]!;
const SCOPE = "openid urn:telematik:versicherter urn:telematik:display_name";

let world: FederatedWorld;

beforeAll(async () => {
  world = await startFederatedWorld();
});
afterAll(async () => world?.close());

async function getJson(path: string, init?: RequestInit) {
  const response = await fetch(new URL(path, world.issuer), { redirect: "manual", ...init });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const issuers = (body: unknown) =>
  (body as Array<{ issuer: string }>).map((idp) => idp.issuer).sort();

function exchange(body: unknown) {
  return getJson("/oidcf/exchange/mobile", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** An application set up as the example clients' is in the portal: native, public, App Link only. */
async function appLinkApp(platform: "NATIVE" | "WEB" = "NATIVE") {
  const { clientId } = await createApplication(world.prisma, {
    type: "PUBLIC",
    redirectUris: [APP_LINK],
  });
  await world.prisma.application.update({ where: { clientId }, data: { platform } });
  const config = await relyingParty(world, clientId, "none");
  client.enableNonRepudiationChecks(config);
  return { clientId, config };
}

describe("GET /api/v1/idps with the organisation's relying-party id", () => {
  let relyingPartyId: string;

  beforeAll(async () => {
    const organizationId = await createOrganization(world.prisma);
    ({ relyingPartyId } = await world.prisma.organization.findUniqueOrThrow({
      where: { id: organizationId },
    }));
    const nord = await createApplication(world.prisma, { organizationId });
    const sued = await createApplication(world.prisma, { organizationId });
    const disabled = await createApplication(world.prisma, { organizationId });
    for (const [app, idps, enabled] of [
      [nord, [world.idp("nord")], true],
      [sued, [world.idp("sued")], true],
      [disabled, [world.idp("privat")], false],
    ] as const)
      await world.prisma.application.update({
        where: { clientId: app.clientId },
        data: { allowedIdps: [...idps], enabled },
      });
  });

  test("the example clients' call (relayingPartyId=<relying-party id>) lists the union of the enabled apps' IDPs", async () => {
    const { status, body } = await getJson(`/api/v1/idps?relayingPartyId=${relyingPartyId}`);
    expect(status).toBe(200);
    expect(issuers(body)).toEqual([world.idp("nord"), world.idp("sued")].sort());
    for (const idp of body as unknown as Array<Record<string, unknown>>)
      expect(Object.keys(idp).sort()).toEqual(["issuer", "logoUri", "organizationName", "pkv"]);
    // The correct spelling, and both spellings agreeing, answer the same.
    for (const query of [
      `relyingPartyId=${relyingPartyId}`,
      `relyingPartyId=${relyingPartyId}&relayingPartyId=${relyingPartyId}`,
    ]) {
      const same = await getJson(`/api/v1/idps?${query}`);
      expect(same.status, query).toBe(200);
      expect(issuers(same.body)).toEqual(issuers(body));
    }
  });

  test("an application without an IDP restriction opens the list to every IDP", async () => {
    const organizationId = await createOrganization(world.prisma);
    const { relyingPartyId: id } = await world.prisma.organization.findUniqueOrThrow({
      where: { id: organizationId },
    });
    // No enabled application yet: nothing to list for.
    expect((await getJson(`/api/v1/idps?relayingPartyId=${id}`)).status).toBe(404);
    const restricted = await createApplication(world.prisma, { organizationId });
    await world.prisma.application.update({
      where: { clientId: restricted.clientId },
      data: { allowedIdps: [world.idp("sued")] },
    });
    await createApplication(world.prisma, { organizationId });
    const { body } = await getJson(`/api/v1/idps?relayingPartyId=${id}`);
    expect(issuers(body)).toEqual(
      [world.idp("nord"), world.idp("privat"), world.idp("sued")].sort(),
    );
  });

  test("a client id works under either spelling, as before", async () => {
    const { clientId } = await createApplication(world.prisma, {});
    await world.prisma.application.update({
      where: { clientId },
      data: { allowedIdps: [world.idp("privat")] },
    });
    for (const name of ["relayingPartyId", "relyingPartyId"]) {
      const { status, body } = await getJson(`/api/v1/idps?${name}=${clientId}`);
      expect(status, name).toBe(200);
      expect(issuers(body)).toEqual([world.idp("privat")]);
    }
  });

  test("both spellings naming different relying parties → 400; unknown → 404", async () => {
    const both = await getJson(
      `/api/v1/idps?relyingPartyId=${relyingPartyId}&relayingPartyId=${DEMO_WEB.clientId}`,
    );
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ error: "invalid_request" });
    const unknown = await getJson(`/api/v1/idps?relayingPartyId=${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: "invalid_client" });
  });
});

describe("a native application with only an https App Link (flow A)", () => {
  test("chooser in the browser, insurer → App Link, exchange with the deep link, tokens", async () => {
    const { clientId, config } = await appLinkApp();
    const { checks, toChooser, followed } = await flowAInBrowser(world, config, {
      redirectUri: APP_LINK,
      scope: SCOPE,
      kvnr: ANNA,
    });
    expect(toChooser.response.status).toBe(200);
    // The insurer returned to the App Link, not to the broker's callback.
    const deepLink = followed.location!;
    expect(`${deepLink.origin}${deepLink.pathname}`).toBe(APP_LINK);
    expect(followed.hops.some((hop) => hop.url.pathname === "/oidcf/signin")).toBe(false);
    expect(deepLink.searchParams.get("state")).not.toBe(checks.expectedState);

    // The example clients' call: the whole deep link.
    const exchanged = await exchange({ clientId, redirectUrl: deepLink.href });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    const redirectUrl = new URL(String(exchanged.body.redirectUrl));
    expect(`${redirectUrl.origin}${redirectUrl.pathname}`).toBe(APP_LINK);
    expect(redirectUrl.searchParams.get("state")).toBe(checks.expectedState);
    expect(redirectUrl.searchParams.get("iss")).toBe(world.issuer);
    const tokens = await client.authorizationCodeGrant(config, redirectUrl, checks);
    expect(tokens.claims()).toMatchObject({
      aud: clientId,
      nonce: checks.expectedNonce,
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });
  });

  test("provider= skips the chooser; the {code, state} exchange finishes it", async () => {
    const { clientId, config } = await appLinkApp();
    const browser = new CookieBrowser();
    const { url, checks } = await authorizationRequest(config, {
      redirectUri: APP_LINK,
      scope: SCOPE,
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    const followed = await followRedirects(world, browser, {
      url,
      response: await browser.fetch(url.href),
    });
    const deepLink = followed.location!;
    expect(`${deepLink.origin}${deepLink.pathname}`).toBe(APP_LINK);
    const exchanged = await exchange({
      clientId,
      code: deepLink.searchParams.get("code"),
      state: deepLink.searchParams.get("state"),
    });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    const redirectUrl = new URL(String(exchanged.body.redirectUrl));
    const tokens = await client.authorizationCodeGrant(config, redirectUrl, checks);
    expect(tokens.claims()?.["urn:telematik:claims:id"]).toBe(ANNA);
    // Single use, as every code (RFC 6749 §4.1.2).
    expect(
      (await oauthError(client.authorizationCodeGrant(config, redirectUrl, checks))).error,
    ).toBe("invalid_grant");
  });

  test("flow B (JSON authorize) returns to the App Link as well", async () => {
    const { clientId, config } = await appLinkApp();
    const { url, checks } = await authorizationRequest(config, {
      redirectUri: APP_LINK,
      scope: SCOPE,
      idp: world.idp("nord"),
      kvnr: ANNA,
      extra: { response_format: "json" },
    });
    const authorize = await getJson(url.href);
    expect(authorize.status, JSON.stringify(authorize.body)).toBe(200);
    const upstream = new URL(String(authorize.body.url));
    const browser = new CookieBrowser();
    const followed = await followRedirects(world, browser, {
      url: upstream,
      response: await browser.fetch(upstream.href),
    });
    const exchanged = await exchange({ clientId, redirectUrl: followed.location!.href });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    const tokens = await client.authorizationCodeGrant(
      config,
      new URL(String(exchanged.body.redirectUrl)),
      checks,
    );
    expect(tokens.claims()?.["urn:telematik:claims:id"]).toBe(ANNA);
  });

  test("the same redirect URI on a web application goes through the broker: the platform decides", async () => {
    const { config } = await appLinkApp("WEB");
    const { callback, hops, claims } = await federatedLogin(world, config, {
      redirectUri: APP_LINK,
      scope: SCOPE,
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    expect(hops.some((hop) => hop.url.pathname === "/oidcf/signin")).toBe(true);
    expect(callback.searchParams.get("iss")).toBe(world.issuer);
    expect(claims["urn:telematik:claims:id"]).toBe(ANNA);
  });
});

describe("GET /connect/authorize (alias of /connect/auth)", () => {
  let web: client.Configuration;

  beforeAll(async () => {
    web = await relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  });

  /** The authorization request at the alias, spelled as `path`. */
  async function atAlias(path: string, options: { scope?: string; pkce?: boolean } = {}) {
    const { url, checks } = await authorizationRequest(web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      scope: options.scope ?? "openid",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    url.pathname = path;
    if (options.pkce === false) {
      url.searchParams.delete("code_challenge");
      url.searchParams.delete("code_challenge_method");
    }
    const browser = new CookieBrowser();
    const followed = await followRedirects(world, browser, {
      url,
      response: await browser.fetch(url.href),
    });
    return { ...followed, checks };
  }

  test("a whole login, offline_access without prompt=consent included (the prompt middleware applies)", async () => {
    const { location, checks } = await atAlias("/connect/authorize", {
      scope: "openid offline_access urn:telematik:versicherter",
    });
    expect(location, "the login reached the app").toBeDefined();
    expect(`${location!.origin}${location!.pathname}`).toBe(DEMO_WEB.redirectUris[0]);
    const tokens = await client.authorizationCodeGrant(web, location!, checks);
    expect(tokens.claims()?.["urn:telematik:claims:id"]).toBe(ANNA);
    expect(tokens.refresh_token).toBeTruthy();
  });

  test("as the routers read paths (case, trailing slash), and with the same checks (PKCE)", async () => {
    const { location } = await atAlias("/Connect/Authorize/");
    expect(location?.searchParams.get("code")).toBeTruthy();
    const refused = await atAlias("/connect/authorize", { pkce: false });
    expect(refused.location?.searchParams.get("error")).toBe("invalid_request");
    expect(refused.location?.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  test("discovery keeps /connect/auth", async () => {
    const { body } = await getJson("/.well-known/openid-configuration");
    expect(body.authorization_endpoint).toBe(`${world.issuer}/connect/auth`);
  });
});
