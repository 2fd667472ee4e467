/**
 * OpenTelemetry traces (issue 17, docs/operations.md "Traces"): the broker's own tracing setup
 * (src/tracing/start-tracing.ts, its instrumentations and its redaction) exporting to memory
 * instead of OTLP, around one real brokered login through the sandbox (both in this process,
 * so the sandbox's spans are recorded too). Koa's router spans are not checked here: in
 * vitest's module runner Koa is not patched; `node dist/main.js` does patch it.
 */
import * as client from "openid-client";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ATTR_REQUEST_ID, startTracing } from "../src/tracing/start-tracing.js";

const exporter = new InMemorySpanExporter();
// Before anything that loads node:http's servers, pg or Koa: an ES module is patched only as
// it is loaded, hence the dynamic imports (main.ts does the same).
const tracing = startTracing({ serviceName: "lotse-broker-test", exporter, immediate: true });
const { DEMO_WEB } = await import("@lotse/db/seed");
const { federatedLogin, startFederatedWorld } = await import("./support/federated-world.js");
const { relyingParty } = await import("./support/relying-party.js");

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = "X110411675";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let world: Awaited<ReturnType<typeof startFederatedWorld>>;

beforeAll(async () => {
  world = await startFederatedWorld();
});
afterAll(async () => {
  await world?.close();
  await tracing.shutdown();
});

test("a brokered login: the broker's requests, its calls to the insurer and its queries, one trace per request, nothing secret", async () => {
  const web = await relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  // The request id the broker answered the app's token request with.
  let tokenRequestId: string | null = null;
  web[client.customFetch] = async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    if (new URL(url).pathname === "/connect/token")
      tokenRequestId = response.headers.get("x-request-id");
    return response;
  };
  exporter.reset();
  const insurer = world.idp("nord");
  const login = await federatedLogin(world, web, {
    redirectUri: DEMO_WEB.redirectUris[0]!,
    scope: "openid urn:telematik:versicherter",
    idp: insurer,
    kvnr: ANNA,
  });

  const brokerPort = Number(new URL(world.issuer).port);
  const spans = () => exporter.getFinishedSpans();
  const isBrokerServer = (span: ReadableSpan) =>
    span.kind === SpanKind.SERVER && span.attributes["server.port"] === brokerPort;
  /** The broker request a span belongs to: its nearest server span at the broker. */
  const brokerRequestOf = (span: ReadableSpan): ReadableSpan | undefined => {
    const byId = new Map(spans().map((each) => [each.spanContext().spanId, each]));
    for (let at: ReadableSpan | undefined = span; at;) {
      if (isBrokerServer(at)) return at;
      const parent: string | undefined = at.parentSpanContext?.spanId;
      at = parent ? byId.get(parent) : undefined;
    }
    return undefined;
  };
  const queriesIn = (request: ReadableSpan) =>
    spans().filter(
      (span) =>
        span.kind === SpanKind.CLIENT &&
        span.name.startsWith("pg.query") &&
        brokerRequestOf(span) === request,
    );
  const brokerRequest = (path: string) =>
    spans().find((span) => isBrokerServer(span) && span.attributes["url.path"] === path);

  // The app's token request: a server span with its status and request id, and its queries.
  // Its span ends as the answer is sent, so it may come a moment after the answer.
  await expect.poll(() => brokerRequest("/connect/token")).toBeDefined();
  const token = brokerRequest("/connect/token")!;
  expect(token.attributes["http.request.method"]).toBe("POST");
  expect(token.attributes["http.response.status_code"]).toBe(200);
  expect(token.attributes[ATTR_REQUEST_ID]).toMatch(UUID);
  expect(token.attributes[ATTR_REQUEST_ID]).toBe(tokenRequestId);
  const tokenQueries = queriesIn(token);
  expect(tokenQueries.length).toBeGreaterThan(0);
  for (const query of tokenQueries) {
    expect(query.spanContext().traceId).toBe(token.spanContext().traceId);
    expect(query.attributes["db.system.name"]).toBe("postgresql");
  }

  // The broker's calls to the insurer (PAR, token, its signed JWKS): client spans inside the broker
  // request that made them, in that request's trace, next to its queries.
  const toInsurer = (method: string, path: string) =>
    spans().find(
      (span) =>
        span.kind === SpanKind.CLIENT &&
        span.attributes["http.request.method"] === method &&
        span.attributes["url.full"] === `${insurer}${path}`,
    );
  for (const [method, path] of [
    ["POST", "/request"],
    ["POST", "/token"],
    ["GET", "/federation/jwks.jwt"],
  ] as const) {
    const call = toInsurer(method, path);
    expect(call, `${method} ${path} at the insurer`).toBeDefined();
    expect(call!.attributes["http.response.status_code"]).toBeLessThan(300);
    const request = brokerRequestOf(call!);
    expect(request, `the broker request that called ${path}`).toBeDefined();
    expect(request!.attributes[ATTR_REQUEST_ID]).toMatch(UUID);
    expect(call!.spanContext().traceId).toBe(request!.spanContext().traceId);
    expect(queriesIn(request!).length).toBeGreaterThan(0);
  }
  // Trace context goes along: the insurer's side of the upstream token request is a child
  // of the broker's call.
  const upstreamToken = toInsurer("POST", "/token")!;
  expect(
    spans().some(
      (span) =>
        span.kind === SpanKind.SERVER &&
        span.parentSpanContext?.spanId === upstreamToken.spanContext().spanId,
    ),
  ).toBe(true);

  // Never a code, token, state or KVNR (STYLE.md rule 6): not in names, attributes or events,
  // and no URL with its query.
  const upstreamCallback = login.hops.find((hop) => hop.url.searchParams.has("code"))!.url;
  const secrets = [
    ANNA,
    login.callback.searchParams.get("code")!,
    upstreamCallback.searchParams.get("code")!,
    upstreamCallback.searchParams.get("state")!,
    login.checks.expectedState,
    login.checks.expectedNonce!,
    login.tokens.access_token,
    login.tokens.id_token!,
    ...(login.tokens.refresh_token ? [login.tokens.refresh_token] : []),
  ];
  for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(10);
  const recorded = JSON.stringify(spans().map((span) => [span.name, span.attributes, span.events]));
  for (const secret of secrets) expect(recorded).not.toContain(secret);
  expect(recorded).not.toContain('"url.query"');
  expect(recorded).not.toMatch(/"(?:url\.full|url\.path|http\.target|http\.url)":"[^"]*[?#]/);
});
