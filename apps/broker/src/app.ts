import Koa from "koa";
import Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import {
  errorBoundary,
  notFound,
  requestIds,
  securityHeaders,
  type DrainState,
  type Logger,
} from "@lotse/server";
import {
  CLIENT_AUTHENTICATED_PATHS,
  clientSecretAuthentication,
} from "./applications/client-auth.js";
import { registerHealthz } from "./health/healthz.js";
import { registerMetrics } from "./metrics/index.js";
import { registerFederationJwks } from "./keys/federation-jwks-route.js";
import { registerSmartConfiguration } from "./smart/configuration-route.js";
import type { BrokerOidc } from "./oidc/create-oidc.js";
import { nativeApiCors } from "./native-api/cors.js";
import { mountProvider } from "./oidc/mount-provider.js";
import { endpointAliases } from "./oidc/routes.js";
import { offlineAccessWithoutPromptConsent } from "./oidc/offline-access-prompt.js";
import { allowedMethods } from "./protection/allowed-methods.js";
import { errorBody } from "./protection/error-body.js";
import { contentSecurityPolicy } from "./protection/content-security-policy.js";
import { readFormBody } from "./protection/form-body.js";
import { wellFormedRequest } from "./protection/well-formed-request.js";
import { precomputedMetadata } from "./oidc/precomputed-metadata.js";
import {
  clientRateLimit,
  createRateCounter,
  ipRateLimit,
  type RateLimitOptions,
} from "./protection/rate-limit.js";

export interface BrokerDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** The OpenID provider (oidc/create-oidc.ts). Without it only /healthz is served. */
  oidc?: BrokerOidc;
  /**
   * Mounts routes that must run before oidc-provider: the login front ends (the
   * interaction pages under /connect/interaction/:uid, the upstream callback, the
   * native-app APIs). See broker.ts.
   */
  routes?: (router: Router) => void;
  rateLimit?: RateLimitOptions;
  /**
   * How many reverse proxies in front of the broker append to X-Forwarded-For (and set
   * X-Forwarded-Proto). 0, the default, believes none of these headers: anyone can send them.
   */
  trustedProxies?: number;
  /**
   * The issuer is https: send HSTS (RFC 6797) on every answer, also where TLS ends at a
   * proxy the broker does not trust to say so.
   */
  https?: boolean;
  /** BROKER_METRICS_TOKEN: when set, GET /metrics requires it as a bearer token. */
  metricsToken?: string;
  /** The shutdown state /readyz reports; the process's by default. */
  drain?: DrainState;
}

/** The broker's HTTP application: health, interactions, then oidc-provider at the issuer root. */
export function createBrokerApp({
  prisma,
  logger,
  oidc,
  routes,
  rateLimit: limits,
  trustedProxies = 0,
  https = false,
  metricsToken,
  drain,
}: BrokerDeps): Koa {
  const app = new Koa();
  // The client IP (rate limits, audit) is the address the outermost trusted proxy saw:
  // Koa reads only the last `trustedProxies` entries of X-Forwarded-For, which those
  // proxies appended; what the client wrote in front of them is ignored.
  app.proxy = trustedProxies > 0;
  app.maxIpsCount = trustedProxies;
  // First: every answer (errors too) carries the id, and every log line and audit event of
  // the request names it (docs/operations.md, "Request ids").
  app.use(requestIds());
  app.use(errorBoundary(logger));
  app.use(errorBody());
  app.use(securityHeaders({ https }));
  app.use(contentSecurityPolicy());
  // `/connect/authorize` → `/connect/auth`, before anything that matches on paths.
  app.use(endpointAliases());
  // Before anything reads the path or query (CORS, rate limits, routes, oidc-provider).
  app.use(wellFormedRequest());
  // Discovery and JWKS from memory, past everything they do not need (issue 16).
  if (oidc) app.use(precomputedMetadata());

  const router = new Router();
  registerHealthz(router, { prisma, logger, signingKeys: oidc?.signingKeys, drain });
  registerMetrics(router, { token: metricsToken });
  if (oidc) {
    // oidc-provider's cookies are signed; our context must hold the same keys.
    app.keys = oidc.secrets.cookieKeys;
    // Before anything that could answer a preflight (rate limit, client authentication).
    app.use(nativeApiCors(prisma));
    app.use(readFormBody(CLIENT_AUTHENTICATED_PATHS));
    const counter = limits && createRateCounter(prisma, { windowSeconds: limits.windowSeconds });
    if (limits && counter) app.use(ipRateLimit(counter, limits));
    app.use(clientSecretAuthentication(prisma, oidc.secrets.clientSecretKey, oidc.applications));
    if (limits && counter) app.use(clientRateLimit(counter, limits));
    app.use(offlineAccessWithoutPromptConsent());
    registerFederationJwks(router, prisma);
    registerSmartConfiguration(router, oidc.provider.issuer);
    routes?.(router);
  }
  app.use(router.routes());
  app.use(allowedMethods(router));
  if (oidc) app.use(mountProvider(oidc.provider));
  app.use(notFound());
  return app;
}
