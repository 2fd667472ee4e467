/**
 * Client secret authentication against hashed secrets, in front of oidc-provider's
 * client-authenticated endpoints (token, PAR, introspection, revocation, CIBA).
 *
 * It reads client_secret_basic (RFC 6749 §2.3.1: form-urlencoded id and secret in HTTP
 * Basic) or client_secret_post credentials, verifies them against the stored hashes, and
 * hands oidc-provider the client's stand-in secret on success or a never-matching value
 * on failure. oidc-provider then does all of its own checks and answers `invalid_client`
 * (401) exactly as for any wrong secret. Anything malformed is passed on untouched for
 * oidc-provider to reject. Secrets are never logged.
 */
import type { Context, Middleware } from "koa";
import type { PrismaClient } from "@lotse/db";
import { isWellFormedText } from "@lotse/domain";
import { clientSecretStandIn, neverMatchingSecret } from "./client-secret-standin.js";
import type { ApplicationCache } from "./application-cache.js";
import { verifyApplicationSecret } from "./verify-client-secret.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { formBody, setFormBody } from "../protection/form-body.js";

export const CLIENT_AUTHENTICATED_PATHS: ReadonlySet<string> = new Set([
  ROUTES.token,
  ROUTES.pushed_authorization_request,
  ROUTES.introspection,
  ROUTES.revocation,
  ROUTES.backchannel_authentication,
]);

/** Where a request's client id is kept once its secret verified (for per-client rate limits). */
const AUTHENTICATED_CLIENT = "lotseAuthenticatedClient";

/** The client whose secret this request presented correctly, if any. */
export function authenticatedClientOf(ctx: Context): string | undefined {
  return ctx.state[AUTHENTICATED_CLIENT] as string | undefined;
}

// oidc-provider decodes Basic credentials the same way (form-urlencoding, RFC 6749 §2.3.1).
function decodeBasicPart(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, "%20"));
}

export function parseBasic(
  header: string | undefined,
): { clientId: string; secret: string } | undefined {
  const match = /^basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  try {
    const clientId = decodeBasicPart(decoded.slice(0, colon));
    const secret = decodeBasicPart(decoded.slice(colon + 1));
    // Malformed text (docs/security.md) is malformed credentials: left for oidc-provider.
    if (!isWellFormedText(clientId) || !isWellFormedText(secret)) return undefined;
    return { clientId, secret };
  } catch {
    return undefined;
  }
}

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

export function clientSecretAuthentication(
  prisma: PrismaClient,
  secretKey: Buffer,
  cache?: ApplicationCache,
): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST" || !CLIENT_AUTHENTICATED_PATHS.has(canonicalPath(ctx.path)))
      return next();
    const substitute = async (clientId: string, secret: string) => {
      if (!secret || !(await verifyApplicationSecret(prisma, clientId, secret, new Date(), cache)))
        return neverMatchingSecret();
      ctx.state[AUTHENTICATED_CLIENT] = clientId;
      return clientSecretStandIn(secretKey, clientId);
    };

    const fromHeader = parseBasic(ctx.get("authorization") || undefined);
    if (fromHeader) {
      ctx.req.headers.authorization = basic(
        fromHeader.clientId,
        await substitute(fromHeader.clientId, fromHeader.secret),
      );
      return next();
    }

    const form = formBody(ctx);
    const secrets = form?.getAll("client_secret") ?? [];
    const clientIds = form?.getAll("client_id") ?? [];
    // Duplicates are left for oidc-provider to reject (RFC 6749 §3.1).
    if (form && secrets.length === 1 && clientIds.length === 1) {
      form.set("client_secret", await substitute(clientIds[0]!, secrets[0]!));
      setFormBody(ctx, form);
    }
    return next();
  };
}
