/**
 * The discovery document and the JWKS answered from memory (issue 16): both are fixed for
 * the life of a broker process (the issuer, the configuration and the signing keys are read
 * at start; a key rotation takes effect with the next start, keys/oidc-keys.ts), yet
 * oidc-provider builds and serialises them on every request. The first successful answer of
 * each is kept, body and the headers that oidc-provider and the middleware after this one
 * set (CORS, content type), and replayed; what the middleware before this one does (request
 * id, security headers, CSP) still runs for every request.
 *
 * Both may be cached by clients and proxies for a few minutes (RFC 8414 §3 and RFC 7517 put
 * no limit on it; OIDC Discovery §4 leaves caching to HTTP): a rotation publishes the next
 * key well before it signs with it (docs/operations.md), so a JWKS minutes old still holds
 * every key in use. A strong ETag lets a client revalidate for free.
 */
import { createHash } from "node:crypto";
import type { Middleware } from "koa";
import { ROUTES } from "./routes.js";

const PRECOMPUTED = new Set(["/.well-known/openid-configuration", ROUTES.jwks]);

/** Five minutes: short next to a key's announcement period, long for a client's load. */
const MAX_AGE_SECONDS = 300;

interface Answer {
  body: Buffer;
  headers: Record<string, string>;
  etag: string;
}

export function precomputedMetadata(): Middleware {
  const answers = new Map<string, Answer>();
  return async (ctx, next) => {
    if ((ctx.method !== "GET" && ctx.method !== "HEAD") || !PRECOMPUTED.has(ctx.path))
      return next();
    // A query is nobody's business here; it is answered by oidc-provider as before.
    const key = ctx.querystring ? undefined : ctx.path;
    const kept = key ? answers.get(key) : undefined;
    if (kept) {
      ctx.set(kept.headers);
      ctx.set("ETag", kept.etag);
      ctx.set("Cache-Control", `public, max-age=${MAX_AGE_SECONDS}`);
      if (ctx.get("if-none-match") === kept.etag) {
        ctx.status = 304;
        return;
      }
      ctx.status = 200;
      ctx.body = kept.body;
      return;
    }
    const before = { ...ctx.response.headers };
    await next();
    if (!key || ctx.status !== 200 || !ctx.body || typeof ctx.body !== "object") return;
    const body = Buffer.from(JSON.stringify(ctx.body));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(ctx.response.headers))
      if (before[name] !== value && name !== "content-length" && typeof value === "string")
        headers[name] = value;
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    answers.set(key, { body, headers, etag });
    ctx.body = body;
    ctx.set("ETag", etag);
    ctx.set("Cache-Control", `public, max-age=${MAX_AGE_SECONDS}`);
  };
}
