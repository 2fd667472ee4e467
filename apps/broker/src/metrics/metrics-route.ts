/**
 * GET /metrics: the Prometheus text exposition of the broker's metrics (registry.ts). It is
 * not behind the public rate limits (protection/rate-limit.ts limits only the login and token
 * endpoints). With BROKER_METRICS_TOKEN set, a scrape must send `Authorization: Bearer
 * <token>` (RFC 6750 §2.1); without it the endpoint is open, for deployments that keep it
 * off the public path at the load balancer instead.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type Router from "@koa/router";
import { registry } from "./registry.js";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function registerMetrics(router: Router, options: { token?: string } = {}): void {
  // Compared as digests, so neither the length nor the content leaks through timing.
  const expected = options.token ? digest(options.token) : undefined;
  router.get("/metrics", async (ctx) => {
    ctx.set("Cache-Control", "no-store");
    if (expected) {
      const presented = /^Bearer ([^\s]+)$/i.exec(ctx.get("Authorization"))?.[1] ?? "";
      if (!timingSafeEqual(digest(presented), expected)) {
        ctx.status = 401;
        ctx.set("WWW-Authenticate", 'Bearer realm="metrics"');
        ctx.body = {
          error: "invalid_token",
          error_description: "A valid bearer token is required.",
        };
        return;
      }
    }
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
}
