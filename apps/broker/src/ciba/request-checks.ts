/**
 * What the backchannel authentication endpoint checks before oidc-provider (CIBA Core §7.1,
 * §13), where oidc-provider answers differently or not at all:
 * - an application not allowed CIBA (a public one never is) is `unauthorized_client`, where
 *   oidc-provider says `invalid_request`;
 * - the client_notification_token of a ping-mode app: oidc-provider knows every app as poll
 *   mode (login/ciba.ts pings itself) and so drops the parameter; it is read here, with
 *   oidc-provider's own rules for it, and required of ping-mode apps.
 */
import type { Context, Middleware } from "koa";
import type Provider from "oidc-provider";
import { authenticatedClientOf } from "../applications/client-auth.js";
import { lotseFields } from "../applications/client-metadata.js";
import { CIBA_GRANT_TYPE } from "../login/ciba.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { formBody } from "../protection/form-body.js";
import { answerOAuthError } from "../protection/oauth-error.js";

const STATE_KEY = "lotseCibaNotificationToken";
/** RFC 6750 §2.1 b64token, as oidc-provider checks it. */
const BEARER = /^[a-zA-Z0-9\-._~+/]+=*$/;

export function notificationTokenOf(ctx: unknown): string | undefined {
  const value = (ctx as Context).state?.[STATE_KEY];
  return typeof value === "string" ? value : undefined;
}

function refuse(ctx: Context, description: string): void {
  answerOAuthError(ctx, 400, "invalid_request", description);
}

/** Runs before oidc-provider, after the form is read (protection/form-body.ts). */
export function cibaRequestChecks(provider: Provider): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST" || canonicalPath(ctx.path) !== ROUTES.backchannel_authentication)
      return next();
    const form = formBody(ctx);
    const authenticated = authenticatedClientOf(ctx);
    const clientId = authenticated ?? form?.get("client_id") ?? undefined;
    const client = clientId
      ? await provider.Client.find(clientId).catch(() => undefined)
      : undefined;
    // A confidential client that did not authenticate is oidc-provider's invalid_client.
    if (!client || (client.clientAuthMethod !== "none" && !authenticated)) return next();
    if (!client.grantTypeAllowed(CIBA_GRANT_TYPE))
      return answerOAuthError(
        ctx,
        400,
        "unauthorized_client",
        "this application is not allowed backchannel login (CIBA)",
      );
    const ping = lotseFields(client).lotseCibaDeliveryMode === "PING";
    if (!ping) return next();
    const tokens = form?.getAll("client_notification_token") ?? [];
    if (tokens.length !== 1)
      return refuse(ctx, "client_notification_token is required in ping mode");
    const token = tokens[0]!;
    if (!BEARER.test(token))
      return refuse(ctx, "client_notification_token must be a valid Bearer token");
    if (token.length > 1024)
      return refuse(ctx, "client_notification_token must not exceed 1024 characters");
    ctx.state[STATE_KEY] = token;
    return next();
  };
}

/**
 * Discovery lists ping as well (CIBA §4): oidc-provider lists the modes it runs itself,
 * poll only, while the broker pings ping-mode apps itself (login/ciba.ts).
 */
export function cibaDiscovery(): Middleware {
  return async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (
      (ctx as { oidc?: { route?: string } }).oidc?.route === "discovery" &&
      body?.backchannel_authentication_endpoint
    )
      ctx.body = { ...body, backchannel_token_delivery_modes_supported: ["poll", "ping"] };
  };
}
