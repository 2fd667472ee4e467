/**
 * CORS for the native app APIs (DESIGN.md §4), so an app running in a browser (the Expo
 * web build, a PWA) can call them: `GET /api/v1/idps`, the JSON authorize
 * (`GET /connect/auth?…&response_format=json`) and `POST /oidcf/exchange/mobile`.
 * oidc-provider's own endpoints (token, revocation, userinfo) get theirs from its
 * `clientBasedCORS` hook, configured with the same rule (oidc/configuration.ts).
 *
 * The rule: an origin may read an answer only if it is the origin of one of the calling
 * application's http(s) redirect URIs; the app's origin is where its redirect lands, so it
 * must be able to finish the login there. These APIs carry no cookies and no client
 * secret, and the answer never says `Access-Control-Allow-Credentials` (Fetch standard
 * §3.2.5), so no browser sends the broker's cookies along; never `*`.
 *
 * A preflight carries no body, so it cannot name the application of an exchange: it is
 * allowed for an origin some enabled application registered, and the actual answer is
 * then still checked against the calling application.
 */
import type { Context, Middleware } from "koa";
import type { PrismaClient } from "@lotse/db";
import { redirectUriOrigins } from "../applications/redirect-origins.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { JSON_BODY_STATE } from "./json-body.js";
import { wantsJson } from "./json-authorize.js";

interface NativeEndpoint {
  method: "GET" | "POST";
  /** The client id the request names, once it is known (after the handler for a body). */
  clientId(ctx: Context): unknown;
  applies?(ctx: Context): boolean;
}

const ENDPOINTS: Record<string, NativeEndpoint> = {
  "/api/v1/idps": { method: "GET", clientId: (ctx) => ctx.query.relyingPartyId },
  [ROUTES.authorization]: {
    method: "GET",
    clientId: (ctx) => ctx.query.client_id,
    // The browser flow of /connect/auth is a top-level navigation and needs no CORS.
    applies: (ctx) => wantsJson(ctx.query),
  },
  "/oidcf/exchange/mobile": {
    method: "POST",
    clientId: (ctx) => (ctx.state[JSON_BODY_STATE] as { clientId?: unknown } | undefined)?.clientId,
  },
};

/** Browsers cache an allowed preflight this long (seconds). */
const PREFLIGHT_MAX_AGE = 600;
const ALLOWED_HEADERS = "accept, content-type";

export function nativeApiCors(prisma: PrismaClient): Middleware {
  const clientOrigins = async (clientId: unknown) => {
    if (typeof clientId !== "string" || clientId.length > 200) return new Set<string>();
    const application = await prisma.application.findUnique({
      where: { clientId },
      select: { enabled: true, redirectUris: true },
    });
    return application?.enabled ? redirectUriOrigins(application.redirectUris) : new Set<string>();
  };
  const anyApplicationOrigin = async (origin: string) => {
    // Few applications, and browsers cache the answer for PREFLIGHT_MAX_AGE.
    const applications = await prisma.application.findMany({
      where: { enabled: true },
      select: { redirectUris: true },
    });
    return applications.some((app) => redirectUriOrigins(app.redirectUris).has(origin));
  };

  return async (ctx, next) => {
    const endpoint = ENDPOINTS[canonicalPath(ctx.path)];
    const origin = ctx.get("Origin");
    if (!endpoint || (endpoint.applies && !endpoint.applies(ctx))) return next();
    ctx.vary("Origin");
    // `null` is the origin of sandboxed frames and file: pages; it names nobody.
    const usable = origin !== "" && origin !== "null";

    if (ctx.method === "OPTIONS" && ctx.get("Access-Control-Request-Method")) {
      ctx.status = 204;
      if (
        usable &&
        ctx.get("Access-Control-Request-Method") === endpoint.method &&
        (await anyApplicationOrigin(origin))
      ) {
        ctx.set("Access-Control-Allow-Origin", origin);
        ctx.set("Access-Control-Allow-Methods", endpoint.method);
        ctx.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        ctx.set("Access-Control-Max-Age", String(PREFLIGHT_MAX_AGE));
      }
      return;
    }

    try {
      await next();
    } finally {
      if (usable && (await clientOrigins(endpoint.clientId(ctx))).has(origin))
        ctx.set("Access-Control-Allow-Origin", origin);
    }
  };
}
