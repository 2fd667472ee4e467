/**
 * Use cases of a backchannel login (OpenID Connect CIBA Core 1.0, docs/flows/ciba.md): an
 * app without a browser (a help desk) names a person; the person confirms on their phone at
 * their insurer; the app gets tokens by polling, or is pinged when they are ready.
 *
 * oidc-provider keeps the app's request (`BackchannelAuthenticationRequest`) and answers
 * the app's polls; the broker is a CIBA client of the insurer in turn:
 * - begin: ask the insurer (its backchannel endpoint, private_key_jwt) to confirm the person,
 *   and keep the insurer's auth_req_id beside the app's (CibaRequest);
 * - settle: one token request at the insurer. Pending: again after its interval. An ID token:
 *   the same identity, sub-mode and claim rules as the browser flows (accountFor, a Grant),
 *   then oidc-provider's `backchannelResult`. Declined or expired: that error for the app.
 * - pace: oidc-provider does not enforce the polling interval, so the broker does (CIBA
 *   §7.3, RFC 8628 §3.5): a poll before the interval is over is `slow_down`, and the
 *   interval grows by 5 seconds. The claim is a conditional update, so of two polls at the
 *   same instant (also on two brokers) one goes through and one is slowed down.
 * Settling runs when the app polls and in the background (ciba/upstream-poller.ts), so a
 * ping-mode app is notified without polling; each settle first claims its turn in the
 * database, so no two instances ask the insurer at once.
 */
import { createHash, randomUUID } from "node:crypto";
import type { CibaRequest } from "@lotse/db";
import { KVNR_SCOPE, TELEMATIK_SCOPES } from "@lotse/domain";
import type { BackchannelAuthenticationRequest, Client } from "oidc-provider";
import { errors } from "oidc-provider";
import * as oauth from "openid-client";
import { upstreamScopesForStandardScopes } from "../accounts/standard-claims.js";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";
import { lotseFields } from "../applications/client-metadata.js";
import { upstreamIdentityFrom } from "../federation/upstream-identity.js";
import { decryptJson, encryptJson } from "../keys/jwe.js";
import { upstreamAcrValues } from "./acr-values.js";
import { accountFor } from "./account-for.js";
import { grantableScopes, saveGrant } from "./grants.js";
import type { LoginDeps, RequestInfo } from "./login-deps.js";

export const CIBA_GRANT_TYPE = "urn:openid:params:grant-type:ciba";

/** The account a `login_hint` stands for until the insurer says who confirmed. */
export const CIBA_HINT_ACCOUNT = "ciba-login-hint:";

/** The shortest polling interval the broker grants (CIBA §7.3 default). */
export const MIN_INTERVAL = 5;
/** Polls this much early still count as on time (network and timer jitter). */
const POLL_TOLERANCE_MS = 250;

export type CibaDeps = Pick<
  LoginDeps,
  "provider" | "prisma" | "idps" | "upstream" | "accounts" | "audit" | "logger"
> & {
  /** Encrypts what a CibaRequest keeps in clear form (keys/derive.ts). */
  cibaKey: Uint8Array;
};

interface Sealed {
  authReqId: string;
  notificationToken?: string;
}

export function requestKey(authReqId: string): string {
  return createHash("sha256").update(authReqId).digest("hex");
}

function upstreamError(error: unknown): string | undefined {
  return error instanceof oauth.ResponseBodyError ? error.error : undefined;
}

export interface BeginInput {
  request: BackchannelAuthenticationRequest;
  client: Client;
  params: Record<string, unknown>;
  /** The person's identity, when an id_token_hint or login_hint_token named them. */
  hinted?: UpstreamIdentity | undefined;
  /** The app's client_notification_token (ping mode). */
  notificationToken?: string | undefined;
  requestInfo: RequestInfo;
}

/**
 * Asks the insurer to confirm the person (oidc-provider's triggerAuthenticationDevice).
 * Throws the oidc-provider error the app should get; answers the polling interval.
 */
export async function beginBackchannelLogin(
  deps: CibaDeps,
  input: BeginInput,
): Promise<{ interval: number }> {
  const { client, params, hinted } = input;
  const fields = lotseFields(client);
  const deliveryMode = fields.lotseCibaDeliveryMode;
  const kvnr = hinted
    ? hinted.kvnr
    : typeof params.login_hint === "string"
      ? params.login_hint
      : undefined;
  if (!kvnr)
    throw new errors.UnknownUserId("the named person's health insurance number is not known here");

  const allowed = await deps.idps.forApplication(fields.lotseAllowedIdps);
  const named =
    typeof params.provider === "string" && params.provider ? params.provider : undefined;
  const issuer =
    hinted?.upstreamIssuer ?? named ?? (allowed.length === 1 ? allowed[0]!.issuer : undefined);
  if (!issuer)
    throw new errors.InvalidRequest("provider is required: the issuer of the person's insurer");
  const found = await deps.idps.lookup(issuer, fields.lotseAllowedIdps);
  if (!found.ok)
    throw new errors.InvalidRequest(
      found.reason === "untrusted"
        ? "the named insurer cannot be verified in the federation right now"
        : "provider is not an insurer this application may use",
    );
  const { idp } = found;

  const flowId = randomUUID();
  const event = {
    clientId: client.clientId,
    applicationId: fields.lotseApplicationId,
    upstreamIdp: idp.issuer,
    flowId,
    ...input.requestInfo,
  };
  // The insurer is asked for the KVNR too, to check that the person who confirms is the
  // one named; the app still gets only the claims of the scopes it was granted.
  const granted = grantableScopes(client, params.scope);
  const telematik = [
    ...granted.filter((scope) => (TELEMATIK_SCOPES as readonly string[]).includes(scope)),
    // The sources of the standard claims (email, profile) for apps that release them.
    ...(fields.lotseStandardClaims ? upstreamScopesForStandardScopes(granted) : []),
  ];
  const upstreamScope = ["openid", ...new Set([...telematik, KVNR_SCOPE])].join(" ");
  let started: oauth.BackchannelAuthenticationResponse;
  try {
    const config = await deps.upstream.configFor(idp.issuer);
    started = await oauth.initiateBackchannelAuthentication(config, {
      scope: upstreamScope,
      login_hint: kvnr,
      ...(typeof params.binding_message === "string"
        ? { binding_message: params.binding_message }
        : {}),
      ...(typeof params.user_code === "string" ? { user_code: params.user_code } : {}),
      requesting_application: client.clientName ?? client.clientId,
      // CIBA Core §7.1: the level of assurance the app asked for (login/acr-values.ts).
      acr_values: upstreamAcrValues(params.acr_values),
    });
  } catch (error) {
    const code = upstreamError(error);
    await deps.audit.record({
      type: "ciba.request",
      outcome: "FAILURE",
      errorCode: code ?? "temporarily_unavailable",
      errorDescription: (error as Error).message.slice(0, 200),
      ...event,
    });
    await input.request.destroy();
    switch (code) {
      case "unknown_user_id":
        throw new errors.UnknownUserId("the insurer knows no such person");
      case "invalid_user_code":
        throw new errors.InvalidUserCode("the insurer did not accept the user code");
      case "invalid_binding_message":
        throw new errors.InvalidBindingMessage("the insurer did not accept the binding message");
      case "missing_user_code":
        throw new errors.MissingUserCode("the insurer requires a user code");
      default:
        deps.logger.warn(
          { err: (error as Error).message, idp: idp.issuer },
          "upstream CIBA failed",
        );
        throw new errors.TemporarilyUnavailable("the insurer cannot be asked right now");
    }
  }

  const upstreamInterval = Math.max(MIN_INTERVAL, started.interval ?? MIN_INTERVAL);
  const now = Date.now();
  const sealed: Sealed = {
    authReqId: input.request.jti,
    ...(deliveryMode === "PING" && input.notificationToken
      ? { notificationToken: input.notificationToken }
      : {}),
  };
  await deps.prisma.cibaRequest.create({
    data: {
      id: requestKey(input.request.jti),
      clientId: client.clientId,
      applicationId: fields.lotseApplicationId,
      flowId,
      upstreamIssuer: idp.issuer,
      upstreamAuthReqId: started.auth_req_id,
      deliveryMode,
      sealed: await encryptJson(sealed, deps.cibaKey, "ciba"),
      interval: upstreamInterval,
      nextPollAt: new Date(now + upstreamInterval * 1000),
      upstreamInterval,
      nextUpstreamPollAt: new Date(now + upstreamInterval * 1000),
      expiresAt: new Date(now + expiresIn(input.request) * 1000),
    },
  });
  await deps.audit.record({
    type: "ciba.request",
    outcome: "SUCCESS",
    ...event,
    details: {
      deliveryMode,
      scope: input.request.scope ?? null,
      bindingMessage: typeof params.binding_message === "string",
      userCode: typeof params.user_code === "string",
      hint: hinted ? "token" : "login_hint",
    },
  });
  return { interval: upstreamInterval };
}

/** Seconds the request has left (oidc-provider's `expiration`, or its `exp`). */
function expiresIn(request: BackchannelAuthenticationRequest): number {
  const { expiration, exp } = request as unknown as { expiration?: number; exp?: number };
  if (typeof expiration === "number") return expiration;
  return typeof exp === "number" ? exp - Math.floor(Date.now() / 1000) : 600;
}

export type PollPace = "on-time" | "slow-down" | "unknown";

/**
 * The app's poll (token request with the CIBA grant): on time, or too early (the interval
 * grows by 5 seconds). A request the broker does not know is oidc-provider's to refuse.
 */
export async function paceClientPoll(
  deps: Pick<CibaDeps, "prisma">,
  authReqId: string,
): Promise<{ pace: PollPace; row?: CibaRequest }> {
  const id = requestKey(authReqId);
  const row = await deps.prisma.cibaRequest.findUnique({ where: { id } });
  if (!row) return { pace: "unknown" };
  const now = Date.now();
  const claimed = await deps.prisma.cibaRequest.updateMany({
    where: { id, nextPollAt: { lte: new Date(now + POLL_TOLERANCE_MS) } },
    data: { nextPollAt: new Date(now + row.interval * 1000) },
  });
  if (claimed.count === 1) return { pace: "on-time", row };
  const slowed = await deps.prisma.cibaRequest.update({
    where: { id },
    data: {
      interval: { increment: 5 },
      nextPollAt: new Date(now + (row.interval + 5) * 1000),
    },
  });
  return { pace: "slow-down", row: slowed };
}

/** Claims the turn to ask the insurer about this request; false if it is not due or taken. */
async function claimUpstreamTurn(
  deps: Pick<CibaDeps, "prisma">,
  row: CibaRequest,
): Promise<boolean> {
  if (row.status !== "PENDING" || row.nextUpstreamPollAt.getTime() > Date.now()) return false;
  const claimed = await deps.prisma.cibaRequest.updateMany({
    where: { id: row.id, status: "PENDING", nextUpstreamPollAt: row.nextUpstreamPollAt },
    data: { nextUpstreamPollAt: new Date(Date.now() + row.upstreamInterval * 1000) },
  });
  return claimed.count === 1;
}

/** The pending requests whose insurer is due to be asked again (the background poller). */
export async function dueUpstreamPolls(
  deps: Pick<CibaDeps, "prisma">,
  limit = 20,
): Promise<CibaRequest[]> {
  const now = new Date();
  return deps.prisma.cibaRequest.findMany({
    where: { status: "PENDING", nextUpstreamPollAt: { lte: now }, expiresAt: { gt: now } },
    orderBy: { nextUpstreamPollAt: "asc" },
    take: limit,
  });
}

/**
 * Requests that expired unanswered: marked so, and a ping-mode app is told (CIBA §10.2: it
 * learns expired_token at its token request). Each is claimed by a conditional update.
 */
export async function expireBackchannelLogins(deps: CibaDeps, limit = 20): Promise<void> {
  const now = new Date();
  const expired = await deps.prisma.cibaRequest.findMany({
    where: { status: "PENDING", expiresAt: { lte: now } },
    take: limit,
  });
  for (const row of expired) {
    const claimed = await deps.prisma.cibaRequest.updateMany({
      where: { id: row.id, status: "PENDING" },
      data: { status: "EXPIRED" },
    });
    if (claimed.count !== 1) continue;
    await deps.audit.record({
      type: "ciba.poll",
      outcome: "FAILURE",
      errorCode: "expired_token",
      errorDescription: "no answer before the request expired",
      clientId: row.clientId,
      applicationId: row.applicationId,
      upstreamIdp: row.upstreamIssuer,
      flowId: row.flowId,
    });
    const sealed = await decryptJson<Sealed>(row.sealed, deps.cibaKey);
    if (row.deliveryMode === "PING" && sealed.notificationToken) await ping(deps, row, sealed);
  }
}

/** Asks the insurer once, if it is this caller's turn, and finishes the request on an answer. */
export async function settleBackchannelLogin(deps: CibaDeps, row: CibaRequest): Promise<void> {
  if (!(await claimUpstreamTurn(deps, row))) return;
  const event = {
    clientId: row.clientId,
    applicationId: row.applicationId,
    upstreamIdp: row.upstreamIssuer,
    flowId: row.flowId,
  };
  const sealed = await decryptJson<Sealed>(row.sealed, deps.cibaKey);
  const request = await deps.provider.BackchannelAuthenticationRequest.find(sealed.authReqId, {
    ignoreExpiration: true,
  });
  if (!request || request.grantId || request.error) {
    await deps.prisma.cibaRequest.update({ where: { id: row.id }, data: { status: "FAILED" } });
    return;
  }

  let tokens: Awaited<ReturnType<typeof oauth.genericGrantRequest>>;
  try {
    const config = await deps.upstream.configFor(row.upstreamIssuer);
    tokens = await oauth.genericGrantRequest(config, CIBA_GRANT_TYPE, {
      auth_req_id: row.upstreamAuthReqId,
    });
  } catch (error) {
    const code = upstreamError(error);
    if (code === "authorization_pending") return;
    if (code === "slow_down") {
      await deps.prisma.cibaRequest.update({
        where: { id: row.id },
        data: { upstreamInterval: { increment: 5 } },
      });
      return;
    }
    if (code === "access_denied" || code === "expired_token") {
      const denied = code === "access_denied";
      await finish(deps, row, sealed, request, denied ? "DENIED" : "EXPIRED", () =>
        denied
          ? new errors.AccessDenied("the person declined on their phone")
          : new errors.ExpiredToken("the person did not answer in time"),
      );
      await deps.audit.record({
        type: denied ? "ciba.denied" : "ciba.poll",
        outcome: "FAILURE",
        errorCode: code,
        errorDescription: denied ? "declined at the insurer" : "expired at the insurer",
        ...event,
      });
      return;
    }
    // The insurer could not be reached or answered something else: ask again next turn.
    deps.logger.warn(
      { err: (error as Error).message, flowId: row.flowId },
      "upstream CIBA poll failed",
    );
    return;
  }

  const client = await deps.provider.Client.find(row.clientId);
  let identity: UpstreamIdentity | undefined;
  let problem: string | undefined;
  try {
    if (tokens.id_token?.split(".").length !== 5)
      throw new Error("the insurer's ID token is not encrypted");
    identity = upstreamIdentityFrom((tokens.claims() ?? {}) as Record<string, unknown>);
  } catch (error) {
    problem = (error as Error).message;
  }
  const hintedKvnr = (request.params as Record<string, unknown> | undefined)?.login_hint;
  if (identity && typeof hintedKvnr === "string" && identity.kvnr !== hintedKvnr)
    problem = "the person who confirmed is not the person named";
  const account =
    client && identity ? await accountFor(deps.accounts, client, identity) : undefined;
  if (!client || !identity || problem || !account || "failure" in account) {
    const description =
      problem ??
      (account && "failure" in account
        ? account.failure.error_description
        : "the application is gone");
    await finish(
      deps,
      row,
      sealed,
      request,
      "FAILED",
      () => new errors.TransactionFailed(description),
    );
    await deps.audit.record({
      type: "ciba.approved",
      outcome: "FAILURE",
      errorCode: "transaction_failed",
      errorDescription: description,
      ...event,
    });
    return;
  }

  const grantId = await saveGrant(deps.provider, {
    accountId: account.accountId,
    client,
    scopes: grantableScopes(client, request.scope),
  });
  // The request named a placeholder (a login_hint) or the hinted account; the Grant is the
  // account the person's confirmation establishes (oidc-provider checks they agree).
  request.accountId = account.accountId;
  await finish(deps, row, sealed, request, "APPROVED", () => grantId, {
    ...(identity.acr ? { acr: identity.acr } : {}),
    ...(identity.amr ? { amr: identity.amr } : {}),
    authTime: identity.authTime ?? Math.floor(Date.now() / 1000),
  });
  await deps.audit.record({
    type: "ciba.approved",
    outcome: "SUCCESS",
    subject: account.accountId,
    grantId,
    ...event,
    details: { released_claims: Object.keys(identity.claims) },
  });
}

async function finish(
  deps: CibaDeps,
  row: CibaRequest,
  sealed: Sealed,
  request: BackchannelAuthenticationRequest,
  status: "APPROVED" | "DENIED" | "EXPIRED" | "FAILED",
  result: () => string | InstanceType<typeof errors.OIDCProviderError>,
  details: { acr?: string; amr?: string[]; authTime?: number } = {},
): Promise<void> {
  await deps.provider.backchannelResult(request, result() as never, details);
  await deps.prisma.cibaRequest.update({ where: { id: row.id }, data: { status } });
  if (row.deliveryMode === "PING" && sealed.notificationToken) await ping(deps, row, sealed);
}

/** CIBA §10.2: tells a ping-mode app that its request has an answer. */
async function ping(deps: CibaDeps, row: CibaRequest, sealed: Sealed): Promise<void> {
  const client = await deps.provider.Client.find(row.clientId);
  const endpoint = client ? lotseFields(client).lotseCibaNotificationEndpoint : undefined;
  if (!endpoint) return;
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        authorization: `Bearer ${sealed.notificationToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ auth_req_id: sealed.authReqId }),
      redirect: "error",
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`the app answered ${response.status}`);
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message, flowId: row.flowId }, "CIBA ping failed");
  }
}
