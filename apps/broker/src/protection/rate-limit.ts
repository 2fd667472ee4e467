/**
 * Fixed-window rate limiting (RFC 6585 §4 for 429; RFC 9700 leaves abuse protection to the
 * AS): per client IP on the endpoints anyone can call (authorize, PAR, token, the IDP list,
 * the mobile exchange), and per client on PAR and token once the client has proven who it
 * is. Counters live in `RateLimitBucket`, shared by every broker instance, and are bumped
 * with one atomic upsert, so concurrent requests never lose a count.
 *
 * What the limits key on cannot be chosen by the caller:
 * - the path as the routers read it (canonicalPath), so `/CONNECT/TOKEN/` shares the window;
 * - the client IP as the trusted proxies saw it (app.ts: only the configured number of
 *   X-Forwarded-For hops is believed), so a forged header opens no new window;
 * - the client id only after client authentication (client-auth.ts), so naming another
 *   application's client id spends none of its budget. Public clients have no secret to
 *   prove; their traffic counts per IP.
 *
 * Answers: the token, PAR and exchange endpoints say `slow_down`, the error OAuth clients
 * already treat as "back off and retry" (RFC 8628 §3.5, CIBA §11); the authorization
 * endpoint and the IDP list say `temporarily_unavailable` (RFC 6749 §4.1.2.1). Both come
 * with Retry-After. The authorization error is not redirected: the redirect URI has not
 * been validated yet at this point.
 */
import type { Context, Middleware } from "koa";
import type { PrismaClient } from "@lotse/db";
import { authenticatedClientOf } from "../applications/client-auth.js";
import { brokerMetrics } from "../metrics/index.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";

export interface RateLimitOptions {
  /** Requests per window from one IP, per endpoint. */
  perIp: number;
  /** Requests per window for one authenticated client (all IPs together), per endpoint. */
  perClient: number;
  windowSeconds?: number;
}

interface Endpoint {
  name: string;
  error: "slow_down" | "temporarily_unavailable";
  /** Whether a client authenticates here, so a per-client window applies. */
  perClient: boolean;
}

const ENDPOINTS: Record<string, Endpoint> = {
  [ROUTES.authorization]: { name: "auth", error: "temporarily_unavailable", perClient: false },
  [ROUTES.pushed_authorization_request]: { name: "par", error: "slow_down", perClient: true },
  [ROUTES.token]: { name: "token", error: "slow_down", perClient: true },
  // CIBA §13 has no slow_down at the backchannel endpoint.
  [ROUTES.backchannel_authentication]: {
    name: "ciba",
    error: "temporarily_unavailable",
    perClient: true,
  },
  "/api/v1/idps": { name: "idps", error: "temporarily_unavailable", perClient: false },
  "/oidcf/exchange/mobile": { name: "exchange", error: "slow_down", perClient: false },
};

/** Counts one request; returns the count in the current window and when it ends. */
export async function hit(
  prisma: PrismaClient,
  key: string,
  windowSeconds: number,
): Promise<{ count: number; resetAt: Date }> {
  const rows = await prisma.$queryRaw<Array<{ count: number; resetAt: Date }>>`
    insert into "RateLimitBucket" ("key", "count", "resetAt")
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict ("key") do update set
      "count" = case when "RateLimitBucket"."resetAt" <= now() then 1 else "RateLimitBucket"."count" + 1 end,
      "resetAt" = case when "RateLimitBucket"."resetAt" <= now() then excluded."resetAt" else "RateLimitBucket"."resetAt" end
    returning "count", "resetAt"`;
  return rows[0]!;
}

function refuse(ctx: Context, endpoint: Endpoint, resetAt: Date): void {
  ctx.status = 429;
  ctx.set("Retry-After", String(Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000))));
  ctx.set("Cache-Control", "no-store");
  ctx.body = { error: endpoint.error, error_description: "Too many requests; retry later." };
}

function limiter(
  prisma: PrismaClient,
  windowSeconds: number,
  scope: "ip" | "client",
  bucket: (ctx: Context, endpoint: Endpoint) => { key: string; limit: number } | undefined,
): Middleware {
  return async (ctx, next) => {
    const endpoint = ENDPOINTS[canonicalPath(ctx.path)];
    const chosen = endpoint && bucket(ctx, endpoint);
    if (!endpoint || !chosen) return next();
    const { count, resetAt } = await hit(prisma, chosen.key, windowSeconds);
    if (count <= chosen.limit) return next();
    brokerMetrics.rateLimitRefusals.inc({ endpoint: endpoint.name, scope });
    refuse(ctx, endpoint, resetAt);
  };
}

/** Per client IP; goes before client authentication, so floods of bad secrets are limited. */
export function ipRateLimit(prisma: PrismaClient, options: RateLimitOptions): Middleware {
  return limiter(prisma, options.windowSeconds ?? 60, "ip", (ctx, endpoint) => ({
    key: `${endpoint.name}:ip:${ctx.ip}`,
    limit: options.perIp,
  }));
}

/** Per authenticated client; goes after client authentication (client-auth.ts). */
export function clientRateLimit(prisma: PrismaClient, options: RateLimitOptions): Middleware {
  return limiter(prisma, options.windowSeconds ?? 60, "client", (ctx, endpoint) => {
    const clientId = endpoint.perClient ? authenticatedClientOf(ctx) : undefined;
    return clientId
      ? { key: `${endpoint.name}:client:${clientId}`, limit: options.perClient }
      : undefined;
  });
}
