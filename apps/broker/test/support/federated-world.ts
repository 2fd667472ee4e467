/**
 * The broker federating with the real sandbox, over real HTTP, for protocol tests:
 * an in-process broker wired exactly as main.ts wires it (audit, interactions, testing
 * parameters on) and an in-process sandbox (federation master and insurer IDPs), each on
 * its own loopback port, on a fresh seeded database. No synthetic login: a person logs in
 * at a sandbox IDP through the testing parameters, so a whole login is redirects only.
 */
import http from "node:http";
import type https from "node:https";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import * as client from "openid-client";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { seed } from "@lotse/db/seed";
import { createTestDatabase, testServerUrl } from "@lotse/db/testing";
import { createLogger, type Logger } from "@lotse/server";
import {
  CookieBrowser,
  createMtlsServer,
  createSandboxApp,
  loadSandboxEnv,
  loadServerCertificate,
} from "@lotse/sandbox/testing";
import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";
import { createBroker, type Broker, type BrokerOptions } from "../../src/broker.js";
import { parseKek } from "../../src/keys/kek.js";

export { CookieBrowser };

/**
 * App redirect URIs the tests' native applications use: demo-mobile's App Link stand-in
 * (issue 5), and an https App Link as the published example clients register it (issue 13,
 * test/compatibility.int.test.ts). The sandbox IDPs learn them as every insurer does, from
 * the broker's entity configuration, which lists every registered application's.
 */
export const APP_REDIRECT_URIS = ["http://localhost:8081/app/ce", "https://app.example/app/ce"];

export type SandboxIdpName = "nord" | "sued" | "privat";

export interface SandboxIdentity {
  kvnr: string;
  displayName: string;
  /** Issuer of the IDP where this identity logs in. */
  idp: string;
}

export interface FederatedWorld {
  /** The broker's issuer, `http://localhost:<port>`. */
  issuer: string;
  /** The broker's parts, for tests that act as the broker toward an insurer. */
  broker: Broker;
  sandboxUrl: string;
  /** The sandbox's mTLS listener (the insurers' mtls_endpoint_aliases), `https://localhost:<port>`. */
  sandboxMtlsUrl: string;
  mtlsServer: https.Server;
  /** Its self-signed certificate (PEM), which the broker trusts upstream. */
  sandboxTlsCa: string;
  prisma: PrismaClient;
  idp(name: SandboxIdpName): string;
  /** The sandbox's test persons, from `GET /api/identities`. */
  identities(): Promise<SandboxIdentity[]>;
  close(): Promise<void>;
}

const silent = createLogger("federation-test", { level: "silent" });

async function listenOnLoopback(): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // `localhost`, not 127.0.0.1: the sandbox registers the broker (its client id and
  // redirect URI) by this URL, and both issuers are compared as strings.
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
}

function closeServer(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startFederatedWorld(
  options: {
    logger?: Logger;
    /** How long the broker reuses verified federation documents (default: the broker's own). */
    federationCache?: BrokerOptions["federationCache"];
  } = {},
): Promise<FederatedWorld> {
  const logger = options.logger ?? silent;
  const database = await createTestDatabase(testServerUrl());
  const prisma = createPrismaClient(database.url);

  // Ports first: each app must know the other's URL before it is built.
  const broker = await listenOnLoopback();
  const sandbox = await listenOnLoopback();
  // The sandbox's HTTPS listener for mutual TLS (RFC 8705), with a certificate the broker trusts.
  const certificate = await loadServerCertificate(undefined);
  const mtlsServer = createMtlsServer(certificate);
  await new Promise<void>((resolve) => mtlsServer.listen(0, "127.0.0.1", resolve));
  const sandboxMtlsUrl = `https://localhost:${(mtlsServer.address() as AddressInfo).port}`;
  const issuer = broker.url;
  const sandboxUrl = sandbox.url;
  await seed(prisma, { sandboxUrl });

  // As main.ts (the same composition root), with the testing parameters on.
  const brokerParts = await createBroker({
    issuer,
    prisma,
    logger,
    kek: parseKek(randomBytes(32).toString("base64url")),
    federationMasterUrl: `${sandboxUrl}/fedmaster`,
    // The sandbox master signs with the published test key (apps/sandbox/src/federation).
    trustAnchorJwks: { keys: [...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys] },
    ...(options.federationCache ? { federationCache: options.federationCache } : {}),
    testingParameters: true,
    upstreamTlsCa: certificate.cert,
    // Tests change applications and send the next request at once (broker.ts).
    applicationCache: false,
    // Every request of the suite comes from one loopback address.
    rateLimit: { perIp: 100_000, perClient: 100_000 },
  });
  broker.server.on("request", brokerParts.app.callback());

  const sandboxApp = await createSandboxApp({
    env: loadSandboxEnv({
      DATABASE_URL: database.url,
      SANDBOX_URL: sandboxUrl,
      SANDBOX_MTLS_URL: sandboxMtlsUrl,
      BROKER_URL: issuer,
    }),
    prisma,
    logger,
  });
  sandbox.server.on("request", sandboxApp.callback());
  mtlsServer.on("request", sandboxApp.callback());

  return {
    issuer,
    broker: brokerParts,
    sandboxUrl,
    sandboxMtlsUrl,
    mtlsServer,
    sandboxTlsCa: certificate.cert,
    prisma,
    idp: (name) => `${sandboxUrl}/idp/${name}`,
    async identities() {
      const response = await fetch(`${sandboxUrl}/api/identities`);
      return (await response.json()) as SandboxIdentity[];
    },
    async close() {
      await Promise.all([
        closeServer(broker.server),
        closeServer(sandbox.server),
        closeServer(mtlsServer),
      ]);
      brokerParts.close();
      await prisma.$disconnect();
      await database.drop();
    },
  };
}

/** One request of a followed redirect chain. */
export interface Hop {
  method: string;
  url: URL;
  status: number;
}

/**
 * Follows redirects from a first response through broker and sandbox, as a browser
 * would (cookies kept, 303 answered with GET), until one points outside both (the
 * app's redirect URI) or a page answers.
 */
export async function followRedirects(
  world: FederatedWorld,
  browser: CookieBrowser,
  first: { url: URL; response: Response; method?: string },
): Promise<{ location?: URL; response: Response; hops: Hop[] }> {
  const inside = new Set([new URL(world.issuer).origin, new URL(world.sandboxUrl).origin]);
  let { url, response } = first;
  const hops: Hop[] = [{ method: first.method ?? "GET", url, status: response.status }];
  for (let count = 0; count < 20; count += 1) {
    const location = response.headers.get("location");
    if (!location) return { response, hops };
    const next = new URL(location, url);
    if (!inside.has(next.origin)) return { location: next, response, hops };
    url = next;
    response = await browser.fetch(url.href);
    hops.push({ method: "GET", url, status: response.status });
  }
  throw new Error("too many redirects");
}

/**
 * Mobile flow A in the browser: from the app's authorization URL to the broker's IDP
 * chooser, the user picks `idp` there (nord unless given), then on through the insurer
 * until a redirect leaves broker and sandbox (normally the app's redirect URI, as
 * `followed.location`). Asserts nothing: each test checks the steps it is about.
 */
export async function chooseInBrowser(
  world: FederatedWorld,
  browser: CookieBrowser,
  url: URL,
  idp: string = world.idp("nord"),
) {
  const toChooser = await followRedirects(world, browser, {
    url,
    response: await browser.fetch(url.href),
  });
  const chooserUrl = toChooser.hops.at(-1)!.url;
  const chosen = await browser.fetch(chooserUrl.href, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ idp }).toString(),
  });
  const followed = await followRedirects(world, browser, {
    url: chooserUrl,
    response: chosen,
    method: "POST",
  });
  return { toChooser, chooserUrl, chosen, followed };
}

export interface FederatedAuthorize {
  redirectUri: string;
  scope?: string;
  /** The insurer, passed as `provider=` (skips the chooser); omit to stop at the chooser. */
  idp?: string;
  /** Who the sandbox logs in (testing parameters). */
  kvnr?: string;
  /** More authorization parameters, e.g. `sandbox_simulate`. */
  extra?: Record<string, string>;
  browser?: CookieBrowser;
}

/** The app's authorization request with the checks its code redemption needs. */
export async function authorizationRequest(
  config: client.Configuration,
  options: FederatedAuthorize,
) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: options.scope ?? "openid",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...(options.idp ? { provider: options.idp } : {}),
    ...(options.kvnr ? { gematik_enable_testing: "true", gematik_login_user: options.kvnr } : {}),
    ...options.extra,
  });
  return {
    url,
    checks: { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce },
  };
}

/**
 * The app's authorization request (`options.idp` unset: the chooser is shown) and the
 * browser part of mobile flow A (chooseInBrowser, picking nord), with the checks the
 * code redemption needs.
 */
export async function flowAInBrowser(
  world: FederatedWorld,
  config: client.Configuration,
  options: FederatedAuthorize,
) {
  const { url, checks } = await authorizationRequest(config, options);
  const steps = await chooseInBrowser(world, options.browser ?? new CookieBrowser(), url);
  return { checks, ...steps };
}

/** Runs the whole browser part of a login; returns where the app was sent back to. */
export async function federatedAuthorize(
  world: FederatedWorld,
  config: client.Configuration,
  options: FederatedAuthorize,
) {
  const browser = options.browser ?? new CookieBrowser();
  const { url, checks } = await authorizationRequest(config, options);
  const followed = await followRedirects(world, browser, {
    url,
    response: await browser.fetch(url.href),
  });
  if (!followed.location)
    throw new Error(
      `the login stopped at ${followed.hops.at(-1)!.url.href} (${followed.response.status})`,
    );
  return { callback: followed.location, checks, hops: followed.hops, browser };
}

/**
 * A native app's flow B up to the deep link the insurer sends it back with: the JSON
 * authorize, then the insurer (the testing shortcut logs `kvnr` in) returning to the app.
 */
export async function nativeDeepLink(
  world: FederatedWorld,
  config: client.Configuration,
  options: { redirectUri: string; idp: string; kvnr: string; scope?: string },
) {
  const { url, checks } = await authorizationRequest(config, {
    ...options,
    extra: { response_format: "json" },
  });
  const authorize = (await (await fetch(url)).json()) as { url: string };
  const upstream = new URL(authorize.url);
  const browser = new CookieBrowser();
  const followed = await followRedirects(world, browser, {
    url: upstream,
    response: await browser.fetch(upstream.href),
  });
  return { deepLink: followed.location!, checks };
}

/** Login and code redemption, as the app does it. */
export async function federatedLogin(
  world: FederatedWorld,
  config: client.Configuration,
  options: FederatedAuthorize,
) {
  const { callback, checks, hops } = await federatedAuthorize(world, config, options);
  const tokens = await client.authorizationCodeGrant(config, callback, checks);
  return { tokens, claims: tokens.claims()!, callback, checks, hops };
}
