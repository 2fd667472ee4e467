/**
 * The app's polls for a backchannel login (token requests with the CIBA grant), before
 * oidc-provider answers them: `slow_down` for a poll before its interval is over (which
 * oidc-provider does not enforce), and, when the insurer is due to be asked again, asking it
 * now, so a poll-mode app gets its tokens at the first poll after the person confirmed.
 * Every poll's outcome is an audit event of the request's flow.
 */
import type { Context, Middleware } from "koa";
import { authenticatedClientOf } from "../applications/client-auth.js";
import { requestInfo } from "../audit/request-info.js";
import {
  CIBA_GRANT_TYPE,
  paceClientPoll,
  requestKey,
  settleBackchannelLogin,
  type CibaDeps,
} from "../login/ciba.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { formBody } from "../protection/form-body.js";
import { answerOAuthError } from "../protection/oauth-error.js";

export function cibaTokenPace(deps: CibaDeps): Middleware {
  return async (ctx: Context, next) => {
    if (ctx.method !== "POST" || canonicalPath(ctx.path) !== ROUTES.token) return next();
    const form = formBody(ctx);
    const authReqId = form?.get("auth_req_id");
    if (form?.get("grant_type") !== CIBA_GRANT_TYPE || !authReqId) return next();

    // Only the request's own, authenticated client paces it or learns about it; anyone
    // else is oidc-provider's to refuse (invalid_client, invalid_grant), with no event in
    // that client's name (docs/security.md "Data isolation between organisations").
    const owner = await deps.prisma.cibaRequest.findUnique({
      where: { id: requestKey(authReqId) },
      select: { clientId: true },
    });
    if (!owner || owner.clientId !== authenticatedClientOf(ctx)) return next();
    const { pace, row } = await paceClientPoll(deps, authReqId);
    if (!row) return next();
    const event = {
      clientId: row.clientId,
      applicationId: row.applicationId,
      upstreamIdp: row.upstreamIssuer,
      flowId: row.flowId,
      ...requestInfo(ctx),
    };
    // oidc-provider's storage forgets an expired request (invalid_grant); the broker's row
    // outlives it a while (oidc/expired-cleanup.ts), so the app learns why (CIBA §11).
    if (row.expiresAt.getTime() <= Date.now()) {
      answerOAuthError(ctx, 400, "expired_token", "the auth_req_id has expired");
      await deps.audit.record({
        type: "ciba.poll",
        outcome: "FAILURE",
        errorCode: "expired_token",
        ...event,
      });
      return;
    }
    if (pace === "slow-down") {
      answerOAuthError(
        ctx,
        400,
        "slow_down",
        `poll no more often than every ${row.interval} seconds`,
      );
      await deps.audit.record({
        type: "ciba.poll",
        outcome: "FAILURE",
        errorCode: "slow_down",
        errorDescription: `interval now ${row.interval} s`,
        ...event,
      });
      return;
    }
    await settleBackchannelLogin(deps, row);
    await next();
    const body = ctx.body as { error?: string } | undefined;
    await deps.audit.record({
      type: "ciba.poll",
      outcome: ctx.status === 200 ? "SUCCESS" : "FAILURE",
      ...(ctx.status === 200 ? {} : { errorCode: body?.error ?? "invalid_grant" }),
      ...event,
    });
  };
}
