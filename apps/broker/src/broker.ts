/**
 * The composition root: builds the broker from its parts once, the same for main.ts and
 * the tests. The OpenID provider, the audit of its events, the federation (master, IDP
 * directory, upstream clients, flow store), the login dependencies, and the two login
 * front ends over them (the browser pages and the JSON APIs for apps).
 */
import type Router from "@koa/router";
import type { JSONWebKeySet } from "jose";
import type Koa from "koa";
import type Provider from "oidc-provider";
import { databaseUrlOf, poolOf, type PrismaClient } from "@lotse/db";
import { APPLICATION_CHANGES, listenForChanges } from "@lotse/db/change-feed";
import type { Logger } from "@lotse/server";
import { createBrokerApp } from "./app.js";
import { createApplicationCache, NO_APPLICATION_CACHE } from "./applications/application-cache.js";
import { auditProviderEvents, createAuditLog } from "./audit/index.js";
import {
  createFederationMaster,
  createIdpDirectory,
  createUpstreamClients,
  createUpstreamFlowStore,
} from "./federation/index.js";
import {
  createEntityConfiguration,
  registerEntityConfiguration,
} from "./federation/entity-configuration.js";
import type { FederationMaster, FederationMasterOptions } from "./federation/federation-master.js";
import { createUpstreamTls, type UpstreamTlsCa } from "./federation/client-auth.js";
import { auditTrustChanges } from "./federation/trust-failure-audit.js";
import { registerInteractions } from "./interactions/register-interactions.js";
import { countDatabaseRoundTrips } from "./metrics/index.js";
import {
  ensureFederationEntityKeys,
  loadFederationEntityKeys,
} from "./keys/federation-entity-keys.js";
import type { Kek } from "./keys/kek.js";
import type { LoginDeps } from "./login/login-deps.js";
import { registerNativeApi } from "./native-api/register-native-api.js";
import { createBrokerOidc, type BrokerOidc } from "./oidc/create-oidc.js";
import type { RateLimitOptions } from "./protection/rate-limit.js";
import { SMART_STYLE_PATH } from "./smart/configuration-route.js";
import { createFhirLookup } from "./smart/fhir-lookup.js";
import { createLaunchStore } from "./smart/launches.js";
import { smartAuthorizeCheck } from "./smart/authorize-check.js";
import { smartTokenHooks } from "./smart/token-hooks.js";
import { cibaDiscovery, cibaRequestChecks } from "./ciba/request-checks.js";
import { cibaTokenPace } from "./ciba/token-pace.js";
import { startCibaUpstreamPoller } from "./ciba/upstream-poller.js";
import { registerTokenExchange, tokenExchangeClientCheck } from "./exchange/token-exchange.js";

export interface BrokerOptions {
  issuer: string;
  prisma: PrismaClient;
  logger: Logger;
  kek: Kek;
  federationMasterUrl: string;
  /** FEDERATION_TRUST_ANCHOR_JWKS: the master's keys, pinned (docs/federation.md "Trust"). */
  trustAnchorJwks: JSONWebKeySet;
  /** The organisation the broker's entity configuration names; default "Lotse". */
  federationOrganizationName?: string;
  /** How long verified federation documents are reused (federation-master.ts); tests shorten it. */
  federationCache?: Pick<FederationMasterOptions, "maxAgeMs" | "retryAfterFailureMs">;
  /** DESIGN.md §4: testing parameters pass upstream only outside production. */
  testingParameters: boolean;
  rateLimit: RateLimitOptions;
  /** Reverse proxies in front of the broker whose X-Forwarded-* headers are believed (app.ts). */
  trustedProxies?: number;
  /**
   * The login front ends; by default the browser pages and the JSON APIs for apps. Tests
   * without a federation put a synthetic login in their place.
   */
  frontEnds?: (router: Router, login: LoginDeps) => void;
  /** How often pending backchannel logins are checked at the insurer; 0 turns it off. */
  cibaPollIntervalMs?: number;
  /** BROKER_METRICS_TOKEN: the bearer token GET /metrics requires, if any (app.ts). */
  metricsToken?: string;
  /**
   * UPSTREAM_TLS_CA_FILE: certificates (PEM) trusted toward the insurers besides the system CAs,
   * or a function that reads them when an insurer's client is built (federation/client-auth.ts).
   */
  upstreamTlsCa?: UpstreamTlsCa;
  /**
   * Keep client records per process, forgotten on every change the database announces
   * (applications/application-cache.ts). On by default; tests that change an application
   * and send the next request at once turn it off, since the announcement arrives a few
   * milliseconds after the commit.
   */
  applicationCache?: boolean;
}

export interface Broker {
  app: Koa;
  oidc: BrokerOidc;
  provider: Provider;
  /** The federation as the broker verifies it (trust chains of the insurers). */
  federation: FederationMaster;
  close(): void;
}

function defaultFrontEnds(router: Router, login: LoginDeps): void {
  registerNativeApi(router, login);
  registerInteractions(router, login);
}

/** The change feed and the cache over it, or reading through without a database URL. */
function applicationCacheFor(options: BrokerOptions) {
  const url = options.applicationCache === false ? undefined : databaseUrlOf(options.prisma);
  if (!url) return { applications: NO_APPLICATION_CACHE, close: () => {} };
  const feed = listenForChanges(url, APPLICATION_CHANGES, (error) =>
    options.logger.warn(
      { err: error.message },
      "application change feed dropped; reading clients from the database until it is back",
    ),
  );
  const applications = createApplicationCache(feed);
  return {
    applications,
    close: () => {
      applications.close();
      void feed.close();
    },
  };
}

export async function createBroker(options: BrokerOptions): Promise<Broker> {
  const { issuer, prisma, logger } = options;
  // lotse_broker_db_round_trips_total on /metrics (pnpm bench reads it, operators may watch it).
  countDatabaseRoundTrips(poolOf(prisma));
  const cache = applicationCacheFor(options);
  const oidc = await createBrokerOidc({
    issuer,
    prisma,
    logger,
    kek: options.kek,
    applications: cache.applications,
  });
  const audit = createAuditLog(prisma, logger);
  auditProviderEvents(oidc.provider, audit);

  const launches = createLaunchStore(prisma);
  // SMART's aud and launch checks, before oidc-provider handles an authorization request.
  oidc.provider.use(smartAuthorizeCheck(oidc.provider, launches, audit));
  // SMART's launch context in token responses, and the launcher's simulated token errors.
  oidc.provider.use(smartTokenHooks(oidc.provider, oidc.smartContexts, audit));

  // TLS toward the insurers: the trusted CAs, and the client certificate for mTLS insurers.
  const upstreamTls = createUpstreamTls({ ca: options.upstreamTlsCa });
  const federation = createFederationMaster({
    url: options.federationMasterUrl,
    trustAnchorJwks: options.trustAnchorJwks,
    // The federation's documents over the same TLS trust as the insurers' endpoints.
    fetch: upstreamTls.send,
    ...options.federationCache,
    onTrustChange: auditTrustChanges(audit, logger),
  });
  await ensureFederationEntityKeys(prisma, options.kek);
  const signEntityConfiguration = createEntityConfiguration({
    issuer,
    federationMasterUrl: federation.entityId,
    organizationName: options.federationOrganizationName ?? "Lotse",
    prisma,
    entityKeys: await loadFederationEntityKeys(prisma, options.kek),
    // Kept with the client records, forgotten on the same change notifications.
    cache: cache.applications,
  });
  const login: LoginDeps = {
    provider: oidc.provider,
    prisma,
    applications: cache.applications,
    idps: createIdpDirectory({ prisma, federation, logger, cache: cache.applications }),
    upstream: createUpstreamClients({
      // In the gematik federation a relying party's client id is its entity identifier.
      clientId: issuer,
      federation,
      getFederationKeys: oidc.getFederationKeys,
      // private_key_jwt or self_signed_tls_client_auth, as each insurer's metadata asks.
      clientAuthFor: upstreamTls.clientAuthFor,
    }),
    flows: createUpstreamFlowStore(prisma),
    accounts: oidc.accounts,
    audit,
    logger,
    issuer,
    testingParameters: options.testingParameters,
    smart: {
      launches,
      contexts: oidc.smartContexts,
      fhir: createFhirLookup({ issuer, signingKeys: oidc.signingKeys }),
      styleUrl: `${issuer}${SMART_STYLE_PATH}`,
    },
  };
  // Backchannel login (CIBA): the use cases behind oidc-provider's hooks, the app's
  // notification token and polling pace in front of it, the insurers asked in the background.
  const ciba = { ...login, cibaKey: oidc.secrets.cibaKey };
  oidc.ciba.bind(ciba);
  oidc.provider.use(cibaRequestChecks(oidc.provider));
  oidc.provider.use(cibaDiscovery());
  oidc.provider.use(cibaTokenPace(ciba));
  const stopCibaPoller =
    options.cibaPollIntervalMs === 0
      ? () => {}
      : startCibaUpstreamPoller(ciba, logger, options.cibaPollIntervalMs);

  // RFC 8693 token exchange at the token endpoint.
  oidc.provider.use(tokenExchangeClientCheck(oidc.provider));
  registerTokenExchange({
    provider: oidc.provider,
    accounts: oidc.accounts,
    audit,
    issuer,
    signingKeys: oidc.signingKeys,
    upstream: {
      idps: login.idps,
      upstream: login.upstream,
      getFederationKeys: oidc.getFederationKeys,
    },
  });

  const app = createBrokerApp({
    prisma,
    logger,
    oidc,
    rateLimit: options.rateLimit,
    trustedProxies: options.trustedProxies ?? 0,
    https: issuer.startsWith("https:"),
    metricsToken: options.metricsToken,
    routes: (router) => {
      // The broker as a federation member, whatever the login front ends.
      registerEntityConfiguration(router, signEntityConfiguration);
      (options.frontEnds ?? defaultFrontEnds)(router, login);
    },
  });
  return {
    app,
    oidc,
    provider: oidc.provider,
    federation,
    close: () => {
      stopCibaPoller();
      oidc.close();
      void upstreamTls.close();
      cache.close();
    },
  };
}
