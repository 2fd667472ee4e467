/**
 * Where insurers return in the web flow, a front end of login/settle-upstream-answer.ts
 * and login/complete-login.ts:
 *   GET  /oidcf/signin                      the callback registered at the insurers
 *   GET  /connect/interaction/:uid/signin   the same callback, under the interaction cookie's path
 */
import type Router from "@koa/router";
import { completeLogin, failLogin } from "../login/complete-login.js";
import type { LoginDeps } from "../login/login-deps.js";
import { settleUpstreamCallback } from "../login/settle-upstream-answer.js";
import { requestInfo } from "../audit/index.js";
import { seeOther, sendErrorPage } from "./send-page.js";

const UNKNOWN_LINK = "This sign-in link is unknown, was already used or has expired.";
const OTHER_BROWSER =
  "This sign-in was started in another browser. Please start again from the app, in this browser.";

export function registerCallbackRoutes(router: Router, deps: LoginDeps): void {
  // Insurers return here; the interaction cookie is scoped to the interaction's path,
  // so the browser is sent on to the same callback under that path.
  router.get("/oidcf/signin", async (ctx) => {
    const state = typeof ctx.query.state === "string" ? ctx.query.state : "";
    const uid = state ? await deps.flows.interactionOf(state) : undefined;
    if (!uid) return sendErrorPage(ctx, 400, "invalid_request", UNKNOWN_LINK);
    seeOther(ctx, `/connect/interaction/${encodeURIComponent(uid)}/signin?${ctx.querystring}`);
  });

  router.get("/connect/interaction/:uid/signin", async (ctx) => {
    // RFC 9700 §4.7, RFC 6749 §10.12: the insurer's answer finishes only the login that this
    // browser started, proven by the interaction cookie (scoped to this path). Without it a
    // person lured to finish someone else's login would hand that someone a code for their
    // own account. Checked before the flow is consumed, so a foreign browser cannot burn it.
    const details = await deps.provider.interactionDetails(ctx.req, ctx.res).catch(() => undefined);
    if (details?.uid !== ctx.params.uid)
      return sendErrorPage(ctx, 400, "invalid_request", OTHER_BROWSER);
    const query = new URLSearchParams(ctx.querystring);
    const state = query.get("state") ?? "";
    const flow = state ? await deps.flows.consume(state) : undefined;
    if (!flow || flow.interactionUid !== ctx.params.uid)
      return sendErrorPage(ctx, 400, "invalid_request", UNKNOWN_LINK);
    const event = {
      clientId: flow.clientId,
      upstreamIdp: flow.idpIssuer,
      flowId: flow.flowId,
      ...requestInfo(ctx),
    };
    const result = await settleUpstreamCallback(deps, { flow, query, event });
    const resume =
      "failure" in result
        ? await failLogin(deps.provider, flow.interactionUid, {
            error: result.failure.error,
            error_description: result.failure.description,
          })
        : await completeLogin(deps, flow.interactionUid, result.identity);
    seeOther(ctx, resume);
  });
}
