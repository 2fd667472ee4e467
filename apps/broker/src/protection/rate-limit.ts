/**
 * Fixed-window rate limiting on /connect/auth, /connect/par and /connect/token, per client
 * IP and per client id (RFC 9700 §4.x leaves abuse protection to the AS; RFC 6585 §4 for
 * 429). Counters live in `RateLimitBucket`, shared by every broker instance, and are
 * bumped with one atomic upsert, so concurrent requests never lose a count.
 *
 * Answers: the token and PAR endpoints say `slow_down`, the error OAuth clients already
 * treat as "back off and retry" at the token endpoint (RFC 8628 §3.5, CIBA §11); the
 * authorization endpoint says `temporarily_unavailable` (RFC 6749 §4.1.2.1). Both come
 * with Retry-After. The authorization error is not redirected: the redirect URI has not
 * been validated yet at this point.
 */
import type { Context, Middleware } from "koa";
import type { PrismaClient } from "@lotse/db";
import { parseBasic } from "../applications/client-auth.js";
import { formBody } from "./form-body.js";
import { ROUTES } from "../oidc/routes.js";

export interface RateLimitOptions {
  /** Requests per window from one IP, per endpoint. */
  perIp: number;
  /** Requests per window for one client id (all IPs together), per endpoint. */
  perClient: number;
  windowSeconds?: number;
}

const ENDPOINTS: Record<string, { name: string; error: string }> = {
  [ROUTES.authorization]: { name: "auth", error: "temporarily_unavailable" },
  [ROUTES.pushed_authorization_request]: { name: "par", error: "slow_down" },
  [ROUTES.token]: { name: "token", error: "slow_down" },
};

function clientIdOf(ctx: Context): string | undefined {
  const fromBasic = parseBasic(ctx.get("authorization") || undefined)?.clientId;
  const candidate =
    fromBasic ??
    formBody(ctx)?.get("client_id") ??
    (typeof ctx.query.client_id === "string" ? ctx.query.client_id : undefined);
  // Bounded so that garbage cannot bloat the table's keys.
  return candidate ? candidate.slice(0, 200) : undefined;
}

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

export function rateLimit(prisma: PrismaClient, options: RateLimitOptions): Middleware {
  const windowSeconds = options.windowSeconds ?? 60;
  return async (ctx, next) => {
    const endpoint = ENDPOINTS[ctx.path];
    if (!endpoint) return next();
    const clientId = clientIdOf(ctx);
    const checks = [
      hit(prisma, `${endpoint.name}:ip:${ctx.ip}`, windowSeconds).then((r) => ({
        ...r,
        limit: options.perIp,
      })),
      ...(clientId
        ? [
            hit(prisma, `${endpoint.name}:client:${clientId}`, windowSeconds).then((r) => ({
              ...r,
              limit: options.perClient,
            })),
          ]
        : []),
    ];
    const exceeded = (await Promise.all(checks)).filter((r) => r.count > r.limit);
    if (exceeded.length === 0) return next();
    const resetAt = Math.max(...exceeded.map((r) => r.resetAt.getTime()));
    ctx.status = 429;
    ctx.set("Retry-After", String(Math.max(1, Math.ceil((resetAt - Date.now()) / 1000))));
    ctx.set("Cache-Control", "no-store");
    ctx.body = { error: endpoint.error, error_description: "Too many requests; retry later." };
  };
}
