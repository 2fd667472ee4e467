/**
 * Use case: finish a native authorization (DESIGN.md §4 "Mobile flows"). The insurer's
 * authenticator returned to the app, not to the broker; the app hands over the insurer's
 * answer. The broker claims the pending flow, settles the answer (redeems the code with the
 * PKCE verifier it kept, verifies the ID token) and finishes the pending authorization
 * without the browser's cookies: a Grant for the account, then an AuthorizationCode bound
 * to the app's original redirect_uri, PKCE challenge and nonce from the interaction
 * (verified with oidc-provider 9.13). Public model API only; the token endpoint then
 * enforces PKCE, redirect URI and single use exactly as for a code from the browser flow.
 *
 * A request the flow cannot go on with is a LoginRequestError (the front end answers 400);
 * a failed login (the person cancelled, the insurer's answer failed verification) is an
 * OAuth error for the app's redirect URI, as the browser flow would deliver it.
 */
import type { Client, Interaction } from "oidc-provider";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";
import { apiResourceOf } from "../apis/api-resources.js";
import { lotseFields } from "../applications/client-metadata.js";
import type { UpstreamFlow } from "../federation/upstream-flow-store.js";
import { accountFor } from "./account-for.js";
import { grantableScopes, saveGrant } from "./grants.js";
import {
  LoginRequestError,
  type FlowEvent,
  type LoginDeps,
  type RequestInfo,
} from "./login-deps.js";
import { settleUpstreamCallback } from "./settle-upstream-answer.js";
import { returnsToApp } from "./upstream-redirect-uri.js";

export type FinishNativeDeps = Pick<
  LoginDeps,
  "provider" | "upstream" | "flows" | "accounts" | "audit" | "logger" | "issuer"
>;

/** The insurer's answer as the app received it in its deep link. */
export interface NativeAnswer {
  clientId: string;
  state: string;
  code?: string;
  iss?: string;
  error?: string;
  errorDescription?: string;
  /** The deep link without query and fragment, when the app sent the whole link. */
  base?: string;
}

/** The app's redirect URI and the authorization response to put on it. */
export interface NativeResult {
  redirectUri: string;
  response: Record<string, string | undefined>;
}

const UNKNOWN_STATE =
  "The state is unknown, was already exchanged or has expired: start a new login.";

/**
 * Claims the pending flow of this answer, or throws (after auditing) why it cannot.
 *
 * Anyone can call the exchange API naming any client id, so the events carry the client only
 * once the state proves the request belongs to it, i.e. the pending flow was issued to that
 * client. Before that they carry no client (and no application), which keeps them out of
 * that client's organisation's audit view; the claim stays in the details, for admins
 * (docs/security.md "Data isolation between organisations").
 */
async function claimFlow(
  deps: FinishNativeDeps,
  answer: NativeAnswer,
  request: RequestInfo,
): Promise<{ flow: UpstreamFlow; interaction: Interaction; client: Client; event: FlowEvent }> {
  const reject = async (error: string, description: string, event: FlowEvent) => {
    await deps.audit.record({
      type: "exchange.mobile",
      outcome: "FAILURE",
      errorCode: error,
      errorDescription: description,
      ...event,
    });
    return new LoginRequestError(error, description);
  };
  const claimed = { details: { claimed_client_id: answer.clientId } };

  // Checked before consuming, so another application cannot burn someone's login.
  const pending = await deps.flows.peek(answer.state);
  if (!pending) throw await reject("invalid_grant", UNKNOWN_STATE, { ...request, ...claimed });
  const ofFlow = { ...request, upstreamIdp: pending.idpIssuer, flowId: pending.flowId };
  // RFC 9700 §4.5 / §2.1: a code is only ever redeemed for the client it was issued to.
  if (pending.clientId !== answer.clientId)
    throw await reject("invalid_grant", "This state belongs to another application.", {
      ...ofFlow,
      ...claimed,
    });
  const event: FlowEvent = { ...ofFlow, clientId: pending.clientId };
  if (!returnsToApp(deps.issuer, pending.redirectUri))
    throw await reject(
      "invalid_grant",
      "This login returns to the broker (web flow), not to an app; nothing to exchange.",
      event,
    );
  if (answer.base !== undefined && answer.base !== pending.redirectUri)
    throw await reject(
      "invalid_request",
      `redirectUrl does not start with the redirect URI this login used (${pending.redirectUri}).`,
      event,
    );

  const flow = await deps.flows.consume(answer.state);
  const interaction = flow && (await deps.provider.Interaction.find(flow.interactionUid));
  if (!flow || !interaction) throw await reject("invalid_grant", UNKNOWN_STATE, event);
  const client = await deps.provider.Client.find(flow.clientId);
  if (!client) throw await reject("invalid_client", "The application is no longer enabled.", event);
  return {
    flow,
    interaction,
    client,
    event: { ...event, applicationId: lotseFields(client).lotseApplicationId },
  };
}

/** A Grant and an AuthorizationCode for the interaction's original request. */
async function issueCode(
  deps: FinishNativeDeps,
  options: {
    interaction: Interaction;
    client: Client;
    accountId: string;
    identity: UpstreamIdentity;
  },
): Promise<{ code: string; grantId: string }> {
  const { interaction, client, accountId, identity } = options;
  const params = interaction.params as Record<string, unknown>;
  const scopes = grantableScopes(client, params.scope);
  // The API the app asked for, if any (apis/api-resources.ts): its access token is for it.
  const resource = apiResourceOf(client, params);
  const grantId = await saveGrant(deps.provider, { accountId, client, scopes, resource });
  const optional = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  const code = new deps.provider.AuthorizationCode({
    accountId,
    client,
    grantId,
    scope: [...scopes, ...(resource?.scopes ?? [])].join(" "),
    ...(resource ? { resource: resource.indicator } : {}),
    redirectUri: String(params.redirect_uri),
    // oidc-provider required PKCE S256 on the authorize request (RFC 9700 §2.1.1), unless
    // the application is a confidential one exempted in the portal; the token endpoint
    // then checks the verifier exactly as the authorize request bound it.
    ...(typeof params.code_challenge === "string"
      ? { codeChallenge: params.code_challenge, codeChallengeMethod: "S256" }
      : {}),
    nonce: optional(params.nonce),
    authTime: identity.authTime ?? Math.floor(Date.now() / 1000),
    acr: identity.acr,
    amr: identity.amr,
    // No browser session carries this login (configuration.ts: tokens never expire with one).
    expiresWithSession: false,
    gty: "authorization_code",
  });
  return { code: await code.save(), grantId };
}

export async function finishNativeAuthorization(
  deps: FinishNativeDeps,
  answer: NativeAnswer,
  request: RequestInfo,
): Promise<NativeResult> {
  const claimed = await claimFlow(deps, answer, request);
  const { flow, interaction, client, event } = claimed;
  const params = interaction.params as Record<string, unknown>;
  const redirectUri = String(params.redirect_uri);
  const appState = typeof params.state === "string" ? params.state : undefined;
  const respond = (response: Record<string, string | undefined>): NativeResult => ({
    redirectUri,
    response: { ...response, state: appState, iss: deps.issuer },
  });
  const loginFailed = async (failure: { error: string; description: string }) => {
    await interaction.destroy();
    await deps.audit.record({
      type: "exchange.mobile",
      outcome: "FAILURE",
      errorCode: failure.error,
      errorDescription: failure.description,
      ...event,
    });
    return respond({ error: failure.error, error_description: failure.description });
  };

  const query = answer.error
    ? new URLSearchParams({
        error: answer.error,
        ...(answer.errorDescription ? { error_description: answer.errorDescription } : {}),
      })
    : new URLSearchParams({
        code: answer.code!,
        state: answer.state,
        // With {code, state} the app has no `iss` to pass on; the state is bound to one
        // insurer, which is the mix-up defence RFC 9207 otherwise provides.
        iss: answer.iss ?? flow.idpIssuer,
      });
  const settled = await settleUpstreamCallback(deps, { flow, query, event });
  if ("failure" in settled) return loginFailed(settled.failure);
  const { identity } = settled;

  const account = await accountFor(deps.accounts, client, identity);
  if ("failure" in account)
    return loginFailed({
      error: account.failure.error,
      description: account.failure.error_description,
    });
  const { accountId } = account;
  const { code, grantId } = await issueCode(deps, { interaction, client, accountId, identity });
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
  return respond({ code });
}
