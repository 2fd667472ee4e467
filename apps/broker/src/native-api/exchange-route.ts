/**
 * POST /oidcf/exchange/mobile (DESIGN.md §4 "Mobile flows"): the JSON front end of
 * login/finish-native-authorization.ts. Reads the app's input (exchange-input.ts), runs the
 * use case and answers with the redirect URL the app's OAuth library (AppAuth) expects.
 *
 * Errors of the request itself (malformed, unknown/used/expired state, another client's
 * state) are 4xx JSON. Errors of the login (the person cancelled, the insurer's answer
 * failed verification) are an OAuth error in the returned redirect URL, with the app's
 * state, as the browser flow would deliver them.
 */
import type Router from "@koa/router";
import {
  finishNativeAuthorization,
  type FinishNativeDeps,
} from "../login/finish-native-authorization.js";
import { requestInfo } from "../audit/index.js";
import { answering, parseInput } from "./api-error.js";
import { appRedirect, readDeepLink } from "./exchange-input.js";
import { readJsonBody } from "./json-body.js";
import { exchangeRequest, exchangeResponse } from "./schemas.js";

export function registerExchangeRoute(router: Router, deps: FinishNativeDeps): void {
  router.post("/oidcf/exchange/mobile", (ctx) =>
    answering(ctx, async () => {
      ctx.set("Cache-Control", "no-store");
      const answer = readDeepLink(parseInput(exchangeRequest, await readJsonBody(ctx)));
      const request = requestInfo(ctx);
      const result = await finishNativeAuthorization(deps, answer, request);
      ctx.body = exchangeResponse.parse({
        redirectUrl: appRedirect(result.redirectUri, result.response),
      });
    }),
  );
}
