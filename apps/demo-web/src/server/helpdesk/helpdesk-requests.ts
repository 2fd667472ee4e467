/**
 * The help desk's CIBA flows on this app's server, the way a real service would run them
 * with openid-client 6: initiate at the broker's backchannel authentication endpoint
 * (CIBA Core §7), then either poll its token endpoint (poll mode, §7.3 / §10.1) or wait
 * for its notification and make one token request (ping mode, §10.2). Tokens never leave
 * this server; the agent's page only ever sees a HelpdeskStatus.
 */
import { randomBytes } from "node:crypto";
import * as client from "openid-client";
import { describeHelpdeskError } from "~/lib/helpdesk/describe-error";
import { identityFromClaims, type ExpectedCaller } from "~/lib/helpdesk/identity";
import type { StartInput } from "~/lib/helpdesk/start-input";
import type { HelpdeskError, HelpdeskMode, HelpdeskStatus } from "~/lib/helpdesk/status";
import { cibaConfiguration } from "./ciba-clients";
import { helpdeskErrorFrom } from "./oauth-error";
import {
  addRequest,
  findByNotificationToken,
  finishRequest,
  type RunningRequest,
} from "./request-store";

/** CIBA Core §10.1: the grant type of the token request. */
const CIBA_GRANT_TYPE = "urn:openid:params:grant-type:ciba";

/** The KVNR (versicherter) and the name: what a help desk needs to know who is calling. */
const SCOPE = "openid urn:telematik:versicherter urn:telematik:display_name";

/**
 * Starts a request and answers with its id and first status: `waiting`, or `failed` when
 * the broker refused it at once (unknown_user_id, invalid_binding_message, …).
 */
export async function startHelpdeskRequest(
  input: StartInput,
  insurer: ExpectedCaller["insurer"],
): Promise<{ id: string; status: HelpdeskStatus }> {
  const { mode } = input;
  const request: RunningRequest = {
    id: randomBytes(16).toString("base64url"),
    status: {
      state: "waiting",
      mode,
      bindingMessage: input.bindingMessage,
      expiresAt: new Date().toISOString(),
    },
  };
  const parameters: Record<string, string> = {
    scope: SCOPE,
    login_hint: input.kvnr,
    binding_message: input.bindingMessage,
    // Lotse's extension, as on /connect/auth (DESIGN.md §4): the insurer that authenticates.
    provider: insurer.issuer,
  };
  let notificationToken: string | undefined;
  if (mode === "ping") {
    // CIBA Core §7.1: a bearer token the broker will show back on its notification; 256
    // random bits, so nobody else can announce an answer.
    notificationToken = randomBytes(32).toString("base64url");
    parameters.client_notification_token = notificationToken;
  }
  // Registered before the broker knows the token, so even an instant answer finds it.
  addRequest(request, notificationToken);

  let response: client.BackchannelAuthenticationResponse;
  try {
    const config = await cibaConfiguration(mode);
    response = await client.initiateBackchannelAuthentication(config, parameters);
  } catch (error) {
    fail(request, mode, helpdeskErrorFrom(error, false));
    return { id: request.id, status: request.status };
  }

  const expiresAt = Date.now() + response.expires_in * 1000;
  request.authReqId = response.auth_req_id;
  request.status = {
    state: "waiting",
    mode,
    bindingMessage: input.bindingMessage,
    expiresAt: new Date(expiresAt).toISOString(),
  };
  const expected: ExpectedCaller = { kvnr: input.kvnr, insurer };
  // The request runs on after the agent's page got its answer; the page polls for the end.
  void finish(request, mode, response, expiresAt, expected).catch(() =>
    fail(request, mode, describeHelpdeskError("internal_error")),
  );
  return { id: request.id, status: request.status };
}

async function finish(
  request: RunningRequest,
  mode: HelpdeskMode,
  response: client.BackchannelAuthenticationResponse,
  expiresAt: number,
  expected: ExpectedCaller,
): Promise<void> {
  let claims: client.IDToken | undefined;
  try {
    const config = await cibaConfiguration(mode);
    // Poll mode: openid-client waits `interval` (default 5 s) between requests, adds 5 s on
    // slow_down (CIBA Core §11) and gives up at expires_in.
    const tokens =
      mode === "poll"
        ? await client.pollBackchannelAuthenticationGrant(config, response)
        : await tokenAfterNotification(request, config, response.auth_req_id, expiresAt);
    claims = tokens.claims();
  } catch (error) {
    fail(request, mode, helpdeskErrorFrom(error, Date.now() >= expiresAt));
    return;
  }
  if (!claims) {
    fail(request, mode, describeHelpdeskError("no_id_token"));
    return;
  }
  const result = identityFromClaims(claims, expected);
  if (!result.ok) {
    fail(request, mode, result.error);
    return;
  }
  finishRequest(request, { state: "verified", mode, identity: result.identity });
}

/**
 * Ping mode: wait until the broker's notification for this auth_req_id arrives (or the
 * request expires), then make the one token request CIBA Core §10.2 describes. After an
 * expiry without a notification the broker is still asked, so its own answer
 * (expired_token, or a late result) decides.
 */
async function tokenAfterNotification(
  request: RunningRequest,
  config: client.Configuration,
  authReqId: string,
  expiresAt: number,
) {
  await notificationOrExpiry(request, authReqId, expiresAt);
  return client.genericGrantRequest(config, CIBA_GRANT_TYPE, { auth_req_id: authReqId });
}

function notificationOrExpiry(
  request: RunningRequest,
  authReqId: string,
  expiresAt: number,
): Promise<void> {
  // The notification may have come before this flow got here.
  if (request.notifiedAuthReqId === authReqId) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(expiresAt - Date.now(), 0));
    request.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

function fail(request: RunningRequest, mode: HelpdeskMode, error: HelpdeskError): void {
  // Only the code: never a KVNR or a token in a log line (STYLE.md rule 6).
  console.error(`demo-web: help-desk request (${mode}) failed: ${error.code}`);
  finishRequest(request, { state: "failed", mode, error });
}

/**
 * The ping notification's verdict, after readNotification() found a bearer token and an
 * auth_req_id: `unknown_token` (401) when no running request sent that
 * client_notification_token, `wrong_request` (400) when its auth_req_id is another one.
 */
export function acceptNotification(
  token: string,
  authReqId: string,
): "accepted" | "unknown_token" | "wrong_request" {
  const request = findByNotificationToken(token);
  if (!request) return "unknown_token";
  // Before the broker's answer to the initiation arrived the auth_req_id is not known
  // yet; the flow compares it as soon as it is.
  if (request.authReqId !== undefined && request.authReqId !== authReqId) return "wrong_request";
  request.notifiedAuthReqId = authReqId;
  request.wake?.();
  return "accepted";
}
