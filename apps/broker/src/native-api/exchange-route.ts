/**
 * POST /oidcf/exchange/mobile (DESIGN.md §4 "Mobile flows"): the insurer's authenticator
 * returned to the app, not to the broker; the app hands the upstream code and state here.
 * The broker redeems the code with the PKCE verifier it kept, verifies the ID token,
 * finishes the pending authorization without cookies (finish-authorization.ts) and answers
 * with the redirect URL the app's OAuth library (AppAuth) expects.
 *
 * Errors of the request itself (malformed, unknown/used/expired state, another client's
 * state) are 4xx JSON. Errors of the login (the person cancelled, the insurer's answer
 * failed verification) are an OAuth error in the returned redirect URL, with the app's
 * state, as the browser flow would deliver them.
 */
import type Router from "@koa/router";
import type Provider from "oidc-provider";
import type { Logger } from "@lotse/server";
import type { AccountService } from "../accounts/account-service.js";
import { SubjectError } from "../accounts/subject.js";
import { lotseFields } from "../applications/client-metadata.js";
import type { AuditEventInput, AuditLog } from "../audit/index.js";
import type { UpstreamClients } from "../federation/upstream-clients.js";
import type { UpstreamFlowStore } from "../federation/upstream-flow-store.js";
import { settleUpstreamCallback } from "../interactions/upstream-login.js";
import { returnsToApp } from "../interactions/upstream-redirect-uri.js";
import { answering, ApiError, parseInput } from "./api-error.js";
import { appRedirect, readDeepLink } from "./exchange-input.js";
import { issueCode } from "./finish-authorization.js";
import { readJsonBody } from "./json-body.js";
import { exchangeRequest, exchangeResponse } from "./schemas.js";

export interface ExchangeDeps {
  provider: Provider;
  upstream: UpstreamClients;
  flows: UpstreamFlowStore;
  accounts: AccountService;
  audit: AuditLog;
  logger: Logger;
  issuer: string;
}

const UNKNOWN_STATE =
  "The state is unknown, was already exchanged or has expired: start a new login.";

export function registerExchangeRoute(router: Router, deps: ExchangeDeps): void {
  router.post("/oidcf/exchange/mobile", (ctx) =>
    answering(ctx, async () => {
      ctx.set("Cache-Control", "no-store");
      const link = readDeepLink(parseInput(exchangeRequest, await readJsonBody(ctx)));
      const request = { clientIp: ctx.ip, userAgent: ctx.get("user-agent") || null };
      let event: Omit<AuditEventInput, "type" | "outcome"> = {
        clientId: link.clientId,
        ...request,
      };
      const reject = async (status: 400, error: string, description: string) => {
        await deps.audit.record({
          type: "exchange.mobile",
          outcome: "FAILURE",
          errorCode: error,
          errorDescription: description,
          ...event,
        });
        return new ApiError(status, error, description);
      };

      // Checked before consuming, so another application cannot burn someone's login.
      const pending = await deps.flows.peek(link.state);
      if (!pending) throw await reject(400, "invalid_grant", UNKNOWN_STATE);
      event = { ...event, upstreamIdp: pending.idpIssuer, flowId: pending.flowId };
      // RFC 9700 §4.5 / §2.1: a code is only ever redeemed for the client it was issued to.
      if (pending.clientId !== link.clientId)
        throw await reject(400, "invalid_grant", "This state belongs to another application.");
      if (!returnsToApp(deps.issuer, pending.redirectUri))
        throw await reject(
          400,
          "invalid_grant",
          "This login returns to the broker (web flow), not to an app; nothing to exchange.",
        );
      if (link.base !== undefined && link.base !== pending.redirectUri)
        throw await reject(
          400,
          "invalid_request",
          `redirectUrl does not start with the redirect URI this login used (${pending.redirectUri}).`,
        );

      const flow = await deps.flows.consume(link.state);
      const interaction = flow && (await deps.provider.Interaction.find(flow.interactionUid));
      if (!flow || !interaction) throw await reject(400, "invalid_grant", UNKNOWN_STATE);
      const client = await deps.provider.Client.find(flow.clientId);
      if (!client)
        throw await reject(400, "invalid_client", "The application is no longer enabled.");
      event = { ...event, applicationId: lotseFields(client).lotseApplicationId };

      const params = interaction.params as Record<string, unknown>;
      const redirectUri = String(params.redirect_uri);
      const appState = typeof params.state === "string" ? params.state : undefined;
      const answer = (query: Record<string, string | undefined>) => {
        ctx.body = exchangeResponse.parse({
          redirectUrl: appRedirect(redirectUri, { ...query, state: appState, iss: deps.issuer }),
        });
      };
      const loginFailed = async (failure: { error: string; description: string }) => {
        await interaction.destroy();
        await deps.audit.record({
          type: "exchange.mobile",
          outcome: "FAILURE",
          errorCode: failure.error,
          errorDescription: failure.description,
          ...event,
        });
        answer({ error: failure.error, error_description: failure.description });
      };

      const query = link.error
        ? new URLSearchParams({
            error: link.error,
            ...(link.errorDescription ? { error_description: link.errorDescription } : {}),
          })
        : new URLSearchParams({
            code: link.code!,
            state: link.state,
            // With {code, state} the app has no `iss` to pass on; the state is bound to one
            // insurer, which is the mix-up defence RFC 9207 otherwise provides.
            iss: link.iss ?? flow.idpIssuer,
          });
      const result = await settleUpstreamCallback(deps, { flow, query, event });
      if ("failure" in result) return loginFailed(result.failure);
      const { identity } = result;

      let accountId: string;
      try {
        accountId = await deps.accounts.login(client, identity);
      } catch (error) {
        if (error instanceof SubjectError)
          return loginFailed({ error: error.error, description: error.description });
        throw error;
      }
      const { code, grantId } = await issueCode(deps.provider, {
        interaction,
        client,
        accountId,
        identity,
      });
      await interaction.destroy();
      await deps.audit.record({
        type: "exchange.mobile",
        outcome: "SUCCESS",
        subject: accountId,
        grantId,
        ...event,
      });
      await deps.audit.record({
        type: "code.issued",
        outcome: "SUCCESS",
        subject: accountId,
        grantId,
        ...event,
        details: { redirect_uri: redirectUri, via: "exchange.mobile" },
      });
      answer({ code });
    }),
  );
}
