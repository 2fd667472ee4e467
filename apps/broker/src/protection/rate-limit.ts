/**
 * Fixed-window rate limiting (RFC 6585 §4 for 429; RFC 9700 leaves abuse protection to the
 * AS): per client IP on the endpoints anyone can call (authorize, PAR, token, the IDP list,
 * the mobile exchange), and per client on PAR and token once the client has proven who it
 * is. Counters live in `RateLimitBucket`, shared by every broker instance, and are bumped
 * with atomic upserts, so concurrent requests never lose a count; far below a limit a process
 * takes numbers in leases instead of one by one (createRateCounter).
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

/**
 * The counters of one broker process over the shared `RateLimitBucket` (issue 16: the
 * upsert per request was a round trip on every token, PAR and authorization request).
 *
 * A process takes hits from the shared count in leases: one atomic upsert adds k to the
 * window's count, and of the numbers it took, (count − k, count], those up to the limit are
 * this process's to admit, one request each, without asking again. No request is admitted
 * beyond the limit, whatever the number of instances: every admitted request holds a number
 * ≤ limit that no other request holds. What it costs is the other way round: numbers a
 * process leased but did not use before the window ends were counted without a request, so
 * a key can be refused a little early, by at most the unused leases of the instances. The
 * lease is an eighth of what was left of the limit at the last exchange, at most 100 and at
 * least 1, so near the limit (and for small limits) every request is counted one by one,
 * exactly as before, and far below it one round trip serves up to 100 requests. Requests
 * that arrive while a lease is being taken wait for it; once a window's numbers are all
 * taken, further requests are refused without a round trip (and, unlike before, not
 * counted: the count no longer grows past the limit with a flood, which changes nothing).
 */
export interface RateCounter {
  /** Takes one hit; returns the count in the current window and when it ends. */
  hit(key: string, limit: number): Promise<{ count: number; resetAt: Date }>;
}

interface Lease {
  /** When the window ends, by this process's clock. */
  resetAt: number;
  /** The window's count at the last exchange. */
  known: number;
  /** Numbers ≤ limit this process took and has not handed to a request yet. */
  left: number;
}

const MAX_LEASE = 100;

export function createRateCounter(
  prisma: PrismaClient,
  options: { windowSeconds?: number; maxKeys?: number } = {},
): RateCounter {
  const windowSeconds = options.windowSeconds ?? 60;
  const maxKeys = options.maxKeys ?? 100_000;
  const leases = new Map<string, Lease>();
  const leasing = new Map<string, Promise<void>>();

  /** Adds `size` to the window's count; returns the new count and the window's time left. */
  const take = async (key: string, size: number) => {
    const [row] = await prisma.$queryRaw<Array<{ count: number; remaining: number }>>`
      insert into "RateLimitBucket" ("key", "count", "resetAt")
      values (${key}, ${size}, now() + make_interval(secs => ${windowSeconds}))
      on conflict ("key") do update set
        "count" = case when "RateLimitBucket"."resetAt" <= now() then excluded."count" else "RateLimitBucket"."count" + excluded."count" end,
        "resetAt" = case when "RateLimitBucket"."resetAt" <= now() then excluded."resetAt" else "RateLimitBucket"."resetAt" end
      returning "count", extract(epoch from ("resetAt" - now()))::float8 as "remaining"`;
    return row!;
  };

  /** Takes a lease for `key` and adds its numbers within the limit to the process's. */
  const lease = async (key: string, limit: number, known: number) => {
    const size = Math.max(1, Math.min(MAX_LEASE, Math.floor((limit - known) / 8)));
    const { count, remaining } = await take(key, size);
    const resetAt = Date.now() + remaining * 1000;
    const granted = Math.max(0, Math.min(size, limit - (count - size)));
    const current = leases.get(key);
    if (current && Math.abs(current.resetAt - resetAt) < 1000) {
      current.known = Math.max(current.known, count);
      current.left += granted;
    } else {
      leases.delete(key);
      leases.set(key, { resetAt, known: count, left: granted });
      // Oldest first; a forgotten key's next request simply takes a new lease.
      if (leases.size > maxKeys) leases.delete(leases.keys().next().value!);
    }
  };

  return {
    async hit(key, limit) {
      for (let attempt = 0; ; attempt += 1) {
        const held = leases.get(key);
        const live = held && held.resetAt > Date.now() ? held : undefined;
        if (live && live.left > 0) {
          live.left -= 1;
          return { count: live.known - live.left, resetAt: new Date(live.resetAt) };
        }
        // The window's numbers are all taken: refused without asking again (the attempts
        // only bound a pathological race; each lease gives numbers or uses the window up).
        if (live && (live.known >= limit || attempt >= 50))
          return { count: Math.max(live.known, limit) + 1, resetAt: new Date(live.resetAt) };
        // One lease at a time per key: requests that come meanwhile wait for its numbers.
        const pending = leasing.get(key);
        if (pending) {
          await pending.catch(() => {});
          continue;
        }
        const taking = lease(key, limit, live?.known ?? 0);
        leasing.set(key, taking);
        try {
          await taking;
        } finally {
          leasing.delete(key);
        }
      }
    },
  };
}

function refuse(ctx: Context, endpoint: Endpoint, resetAt: Date): void {
  ctx.status = 429;
  ctx.set("Retry-After", String(Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000))));
  ctx.set("Cache-Control", "no-store");
  ctx.body = { error: endpoint.error, error_description: "Too many requests; retry later." };
}

function limiter(
  counter: RateCounter,
  scope: "ip" | "client",
  bucket: (ctx: Context, endpoint: Endpoint) => { key: string; limit: number } | undefined,
): Middleware {
  return async (ctx, next) => {
    const endpoint = ENDPOINTS[canonicalPath(ctx.path)];
    const chosen = endpoint && bucket(ctx, endpoint);
    if (!endpoint || !chosen) return next();
    const { count, resetAt } = await counter.hit(chosen.key, chosen.limit);
    if (count <= chosen.limit) return next();
    brokerMetrics.rateLimitRefusals.inc({ endpoint: endpoint.name, scope });
    refuse(ctx, endpoint, resetAt);
  };
}

/** Per client IP; goes before client authentication, so floods of bad secrets are limited. */
export function ipRateLimit(counter: RateCounter, options: RateLimitOptions): Middleware {
  return limiter(counter, "ip", (ctx, endpoint) => ({
    key: `${endpoint.name}:ip:${ctx.ip}`,
    limit: options.perIp,
  }));
}

/** Per authenticated client; goes after client authentication (client-auth.ts). */
export function clientRateLimit(counter: RateCounter, options: RateLimitOptions): Middleware {
  return limiter(counter, "client", (ctx, endpoint) => {
    const clientId = endpoint.perClient ? authenticatedClientOf(ctx) : undefined;
    return clientId
      ? { key: `${endpoint.name}:client:${clientId}`, limit: options.perClient }
      : undefined;
  });
}
