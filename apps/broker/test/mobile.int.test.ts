/**
 * The mobile flows (DESIGN.md §4 "Mobile flows", issue 5) as an app drives them over HTTP
 * against the real sandbox: IDP list, JSON authorize (flow B) or the browser chooser
 * (flow A), the insurer returning to the app's redirect URI, the exchange API, and the
 * code redemption at /connect/token with the app's PKCE verifier (public client).
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { createApplication } from "./support/applications.js";
import {
  APP_REDIRECT_URIS,
  CookieBrowser,
  authorizationRequest,
  flowAInBrowser,
  followRedirects,
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

beforeAll(async () => {
  world = await startFederatedWorld();
  mobile = await relyingParty(world, DEMO_MOBILE.clientId, "none");
  client.enableNonRepudiationChecks(mobile);
});
afterAll(async () => world?.close());

async function getJson(path: string, init?: RequestInit) {
  const response = await fetch(new URL(path, world.issuer), { redirect: "manual", ...init });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

function exchange(body: unknown, init: { contentType?: string; raw?: string } = {}) {
  return getJson("/oidcf/exchange/mobile", {
    method: "POST",
    headers: { "content-type": init.contentType ?? "application/json" },
    body: init.raw ?? JSON.stringify(body),
  });
}

/** Flow B up to the deep link: JSON authorize, then the insurer (testing shortcut) returns to the app. */
async function nativeLogin(
  options: { kvnr?: string; scope?: string; extra?: Record<string, string> } = {},
) {
  const { url, checks } = await authorizationRequest(mobile, {
    redirectUri: APP_LINK,
    scope: options.scope ?? "openid urn:telematik:versicherter urn:telematik:display_name",
    idp: world.idp("nord"),
    kvnr: options.kvnr ?? ANNA,
    extra: { response_format: "json", ...options.extra },
  });
  const authorize = await getJson(url.href);
  expect(authorize.status, JSON.stringify(authorize.body)).toBe(200);
  expect(Object.keys(authorize.body)).toEqual(["url"]);
  expect(authorize.headers.getSetCookie()).toEqual([]);
  const upstream = new URL(String(authorize.body.url));
  const browser = new CookieBrowser();
  const followed = await followRedirects(world, browser, {
    url: upstream,
    response: await browser.fetch(upstream.href),
  });
  expect(followed.location, `stopped at ${followed.hops.at(-1)?.url.href}`).toBeDefined();
  return { deepLink: followed.location!, checks, upstream, hops: followed.hops };
}

describe("GET /api/v1/idps", () => {
  test("lists the IDPs of the application with exactly the four keys", async () => {
    const { status, body } = await getJson(`/api/v1/idps?relyingPartyId=${DEMO_MOBILE.clientId}`);
    expect(status).toBe(200);
    const list = body as unknown as Array<Record<string, unknown>>;
    expect(list.map((idp) => idp.issuer).sort()).toEqual(
      [world.idp("nord"), world.idp("privat"), world.idp("sued")].sort(),
    );
    for (const idp of list)
      expect(Object.keys(idp).sort()).toEqual(["issuer", "logoUri", "organizationName", "pkv"]);
    expect(list.find((idp) => idp.issuer === world.idp("privat"))?.pkv).toBe(true);
  });

  test("only the IDPs an application is allowed", async () => {
    const { clientId } = await createApplication(world.prisma, {});
    await world.prisma.application.update({
      where: { clientId },
      data: { allowedIdps: [world.idp("sued")] },
    });
    const { body } = await getJson(`/api/v1/idps?relyingPartyId=${clientId}`);
    expect((body as unknown as Array<{ issuer: string }>).map((idp) => idp.issuer)).toEqual([
      world.idp("sued"),
    ]);
  });

  test("unknown or disabled application → 404 invalid_client; missing parameter → 400", async () => {
    const unknown = await getJson("/api/v1/idps?relyingPartyId=nobody");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: "invalid_client" });
    const { clientId } = await createApplication(world.prisma, {});
    await world.prisma.application.update({ where: { clientId }, data: { enabled: false } });
    expect((await getJson(`/api/v1/idps?relyingPartyId=${clientId}`)).status).toBe(404);
    const missing = await getJson("/api/v1/idps");
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: "invalid_request" });
  });
});

describe("flow B: native IDP list, JSON authorize, exchange", () => {
  test("an app completes a login with PKCE through the exchange API", async () => {
    const { deepLink, checks, upstream, hops } = await nativeLogin();
    expect(`${upstream.origin}${upstream.pathname}`).toBe(`${world.idp("nord")}/auth`);
    expect(hops.filter((hop) => hop.status >= 500)).toEqual([]);
    // The insurer returned to the app, not to the broker's callback.
    expect(`${deepLink.origin}${deepLink.pathname}`).toBe(APP_LINK);
    expect(hops.some((hop) => hop.url.pathname === "/oidcf/signin")).toBe(false);
    expect(deepLink.searchParams.get("state")).not.toBe(checks.expectedState);

    const exchanged = await exchange({
      clientId: DEMO_MOBILE.clientId,
      code: deepLink.searchParams.get("code"),
      state: deepLink.searchParams.get("state"),
    });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    const redirectUrl = new URL(String(exchanged.body.redirectUrl));
    expect(`${redirectUrl.origin}${redirectUrl.pathname}`).toBe(APP_LINK);
    expect(redirectUrl.searchParams.get("state")).toBe(checks.expectedState);
    expect(redirectUrl.searchParams.get("iss")).toBe(world.issuer);

    const tokens = await client.authorizationCodeGrant(mobile, redirectUrl, checks);
    expect(tokens.claims()).toMatchObject({
      iss: world.issuer,
      aud: DEMO_MOBILE.clientId,
      nonce: checks.expectedNonce,
      acr: "gematik-ehealth-loa-high",
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });

    // The broker code works once (RFC 6749 §4.1.2).
    expect(
      (await oauthError(client.authorizationCodeGrant(mobile, redirectUrl, checks))).error,
    ).toBe("invalid_grant");

    // Every step is an event of the same flow.
    const events = await world.prisma.auditEvent.findMany({
      where: { clientId: DEMO_MOBILE.clientId, type: "exchange.mobile", outcome: "SUCCESS" },
      orderBy: { time: "desc" },
      take: 1,
    });
    const flowId = events[0]?.flowId;
    expect(flowId).toBeTruthy();
    const steps = await world.prisma.auditEvent.findMany({
      where: { flowId },
      orderBy: { time: "asc" },
    });
    expect(steps.map((step) => step.type)).toEqual([
      "authorize.request",
      "idp.chosen",
      "upstream.redirect",
      "upstream.callback",
      "exchange.mobile",
      "code.issued",
    ]);
  });

  test("the whole deep link works as input; a second exchange is invalid_grant", async () => {
    const { deepLink, checks } = await nativeLogin();
    const first = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href });
    expect(first.status).toBe(200);
    const tokens = await client.authorizationCodeGrant(
      mobile,
      new URL(String(first.body.redirectUrl)),
      checks,
    );
    expect(tokens.claims()?.sub).toBeTruthy();

    const replay = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: "invalid_grant" });
  });

  test("another application's state is refused and does not burn the login", async () => {
    const { deepLink } = await nativeLogin();
    const other = await exchange({ clientId: DEMO_WEB.clientId, redirectUrl: deepLink.href });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ error: "invalid_grant" });
    expect(String(other.body.error_description)).toMatch(/another application/);
    const own = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href });
    expect(own.status).toBe(200);
  });

  test("an expired flow is invalid_grant", async () => {
    const { deepLink } = await nativeLogin();
    await world.prisma.oidcPayload.updateMany({
      where: { type: "UpstreamFlow", id: deepLink.searchParams.get("state")! },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href });
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error: "invalid_grant" });
  });

  test("access_denied at the insurer comes back as an error redirect with the app's state", async () => {
    const { deepLink, checks } = await nativeLogin({ kvnr: "X000000000" });
    expect(deepLink.searchParams.get("error")).toBe("access_denied");
    const denied = await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href });
    expect(denied.status).toBe(200);
    const redirectUrl = new URL(String(denied.body.redirectUrl));
    expect(`${redirectUrl.origin}${redirectUrl.pathname}`).toBe(APP_LINK);
    expect(Object.fromEntries(redirectUrl.searchParams)).toMatchObject({
      error: "access_denied",
      state: checks.expectedState,
      iss: world.issuer,
    });
    expect(redirectUrl.searchParams.get("error_description")).toBeTruthy();
    expect(redirectUrl.searchParams.has("code")).toBe(false);
  });

  test("malformed bodies are 4xx JSON errors, never 5xx", async () => {
    const cases: Array<[unknown, { contentType?: string; raw?: string }, number]> = [
      [undefined, { raw: "{not json" }, 400],
      [undefined, { raw: "null" }, 400],
      [[], {}, 400],
      [{}, {}, 400],
      [{ clientId: DEMO_MOBILE.clientId }, {}, 400],
      [{ clientId: DEMO_MOBILE.clientId, code: 42, state: "x" }, {}, 400],
      [{ clientId: DEMO_MOBILE.clientId, code: "c", state: "unknown" }, {}, 400],
      [{ clientId: DEMO_MOBILE.clientId, redirectUrl: "not a url" }, {}, 400],
      [{ clientId: DEMO_MOBILE.clientId, redirectUrl: `${APP_LINK}?code=x` }, {}, 400],
      [
        { clientId: DEMO_MOBILE.clientId, code: "c", state: "s" },
        { contentType: "text/plain" },
        415,
      ],
      [{ clientId: "x".repeat(20_000), code: "c", state: "s" }, {}, 413],
    ];
    for (const [body, init, status] of cases) {
      const answer = await exchange(body, init);
      expect(answer.status, JSON.stringify(body)?.slice(0, 80)).toBe(status);
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.body).toEqual({
        error: expect.any(String),
        error_description: expect.any(String),
      });
    }
  });
});

describe("JSON authorize errors", () => {
  test("oidc-provider's validations apply and come back as 400 JSON, not redirects", async () => {
    const base = {
      client_id: DEMO_MOBILE.clientId,
      response_type: "code",
      scope: "openid",
      redirect_uri: APP_LINK,
      state: "s",
      provider: world.idp("nord"),
      response_format: "json",
    };
    const ask = (params: Record<string, string>) =>
      getJson(`/connect/auth?${new URLSearchParams(params).toString()}`);
    // PKCE missing: a redirectable error, answered as JSON.
    const noPkce = await ask(base);
    expect(noPkce.status).toBe(400);
    expect(noPkce.body).toMatchObject({ error: "invalid_request" });
    expect(noPkce.headers.get("location")).toBeNull();
    // Unregistered redirect_uri: oidc-provider's error page, as JSON.
    const badRedirect = await ask({
      ...base,
      redirect_uri: "https://evil.example/cb",
      code_challenge: "a".repeat(43),
      code_challenge_method: "S256",
    });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.body).toMatchObject({ error: "invalid_redirect_uri" });
    const unknownClient = await ask({ ...base, client_id: "nobody" });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.body).toMatchObject({ error: "invalid_client" });
    // No provider, or one the application may not use.
    const pkce = { code_challenge: "a".repeat(43), code_challenge_method: "S256" };
    const { provider: _provider, ...withoutProvider } = base;
    const noProvider = await ask({ ...withoutProvider, ...pkce });
    expect(noProvider.status).toBe(400);
    expect(noProvider.body).toMatchObject({ error: "invalid_request" });
    const unknownIdp = await ask({ ...base, ...pkce, provider: "https://idp.invalid" });
    expect(unknownIdp.status).toBe(400);
    expect(unknownIdp.body).toMatchObject({ error: "invalid_request" });
  });

  test("response_mode=form_post is refused as JSON, not answered with an HTML form (found by fuzzing)", async () => {
    for (const params of [
      // An error oidc-provider would have posted back as an auto-submitting form.
      { client_id: DEMO_MOBILE.clientId, redirect_uri: APP_LINK, scope: "openid" },
      { client_id: DEMO_MOBILE.clientId, redirect_uri: APP_LINK, response_type: "code" },
    ] as Array<Record<string, string>>) {
      const query = new URLSearchParams({
        ...params,
        provider: world.idp("nord"),
        response_format: "json",
        response_mode: "form_post",
      });
      const answer = await getJson(`/connect/auth?${query.toString()}`);
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.body).toMatchObject({ error: "invalid_request" });
    }
  });
});

describe("flow A: chooser in the browser, app redirect URI", () => {
  test("the insurer returns to the app, which finishes with the exchange API", async () => {
    const { checks, toChooser, followed } = await flowAInBrowser(world, mobile, {
      redirectUri: APP_LINK,
      scope: "openid urn:telematik:display_name",
      kvnr: ANNA,
    });
    expect(toChooser.response.status).toBe(200);
    const deepLink = followed.location!;
    expect(`${deepLink.origin}${deepLink.pathname}`).toBe(APP_LINK);
    expect(deepLink.searchParams.get("iss")).toBe(world.idp("nord"));

    const exchanged = await exchange({
      clientId: DEMO_MOBILE.clientId,
      redirectUrl: deepLink.href,
    });
    expect(exchanged.status).toBe(200);
    const tokens = await client.authorizationCodeGrant(
      mobile,
      new URL(String(exchanged.body.redirectUrl)),
      checks,
    );
    expect(tokens.claims()).toMatchObject({ "urn:telematik:claims:display_name": "Anna Beispiel" });
  });

  test("a web application's flow still returns through the broker and cannot be exchanged", async () => {
    const web = await relyingParty(world, DEMO_WEB.clientId, {
      secret: DEMO_WEB.developmentSecret,
    });
    const browser = new CookieBrowser();
    const { url } = await authorizationRequest(web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      idp: world.idp("nord"),
    });
    // Without the testing parameters the sandbox stops at its login page: the PAR carried
    // the broker's callback as redirect_uri.
    const followed = await followRedirects(world, browser, {
      url,
      response: await browser.fetch(url.href),
    });
    expect(followed.response.status).toBe(200);
    const pending = await world.prisma.oidcPayload.findFirst({
      where: { type: "UpstreamFlow" },
      orderBy: { createdAt: "desc" },
    });
    const flow = pending!.payload as { redirectUri: string; clientId: string };
    expect(flow.redirectUri).toBe(`${world.issuer}/oidcf/signin`);
    const refused = await exchange({ clientId: flow.clientId, code: "c", state: pending!.id });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "invalid_grant" });
  });
});

/** JSON Schema 2020-12 keywords zod emits or OpenAPI 3.1 allows; anything else is a typo. */
const SCHEMA_KEYWORDS = new Set([
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "oneOf",
  "allOf",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "pattern",
  "format",
  "description",
  "title",
  "default",
  "examples",
  "id",
]);
const SCHEMA_TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

/** A minimal structural check of a JSON Schema; returns the problems found. */
function schemaProblems(schema: unknown, resolve: (ref: string) => unknown, at: string): string[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    return [`${at}: not a schema object`];
  const s = schema as Record<string, unknown>;
  const problems = Object.keys(s)
    .filter((key) => !SCHEMA_KEYWORDS.has(key))
    .map((key) => `${at}: unknown keyword ${key}`);
  if (typeof s.$ref === "string" && resolve(s.$ref) === undefined)
    problems.push(`${at}: unresolved ${s.$ref}`);
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  for (const type of types)
    if (!SCHEMA_TYPES.has(String(type))) problems.push(`${at}: type ${type}`);
  if (s.required !== undefined && !Array.isArray(s.required)) problems.push(`${at}: required`);
  for (const [name, sub] of Object.entries((s.properties as object) ?? {}))
    problems.push(...schemaProblems(sub, resolve, `${at}.properties.${name}`));
  if (s.items !== undefined) problems.push(...schemaProblems(s.items, resolve, `${at}.items`));
  for (const key of ["anyOf", "oneOf", "allOf"] as const)
    for (const [index, sub] of ((s[key] as unknown[]) ?? []).entries())
      problems.push(...schemaProblems(sub, resolve, `${at}.${key}[${index}]`));
  return problems;
}

describe("OpenAPI", () => {
  test("/api/openapi.json is a valid OpenAPI 3.1 document of the native APIs", async () => {
    const { status, body: document } = await getJson("/api/openapi.json");
    expect(status).toBe(200);
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(paths).sort()).toEqual(["/api/v1/idps", "/oidcf/exchange/mobile"]);
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    const resolve = (ref: string) =>
      ref.startsWith("#/components/schemas/") ? schemas[ref.slice(21)] : undefined;
    const problems: string[] = [];
    for (const [name, schema] of Object.entries(schemas))
      problems.push(...schemaProblems(schema, resolve, name));
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const responses = operation.responses as Record<string, Record<string, unknown>>;
        expect(Object.keys(responses).length, `${method} ${path}`).toBeGreaterThan(0);
        expect(operation.operationId).toEqual(expect.any(String));
        for (const [code, response] of Object.entries(responses)) {
          expect(code).toMatch(/^[1-5]\d\d$/);
          expect(response.description).toEqual(expect.any(String));
          const content = (response.content ?? {}) as Record<string, { schema: unknown }>;
          for (const media of Object.values(content))
            problems.push(...schemaProblems(media.schema, resolve, `${method} ${path} ${code}`));
        }
      }
    }
    expect(problems).toEqual([]);
    // The request body documents both input shapes.
    expect(schemas.ExchangeWithRedirectUrl).toMatchObject({
      required: ["clientId", "redirectUrl"],
    });
    expect(schemas.ExchangeWithCode).toMatchObject({ required: ["clientId", "code", "state"] });
    expect(Object.keys((schemas.Idp as { properties: object }).properties).sort()).toEqual([
      "issuer",
      "logoUri",
      "organizationName",
      "pkv",
    ]);
  });

  test("/api/docs is a self-contained page under a strict CSP", async () => {
    const response = await fetch(new URL("/api/docs", world.issuer));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|https?:\/\/(?!.*data:)/);
    const html = await response.text();
    expect(html).toContain("/oidcf/exchange/mobile");
    expect(html).not.toMatch(/<script|src="https?:/);
  });
});
