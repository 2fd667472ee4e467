/**
 * Use case: settle the insurer's answer to a pending flow, whether it came back to the
 * broker (web callback) or to the app (mobile deep link): an error in the answer or a
 * failed redemption becomes the app-facing failure, a verified ID token the upstream
 * identity. Either way it is the flow's `upstream.callback` audit event.
 */
import type { Logger } from "@lotse/server";
import type { AuditLog } from "../audit/index.js";
import type { UpstreamClients } from "../federation/upstream-clients.js";
import {
  fromUpstreamErrorResponse,
  fromUpstreamException,
  type UpstreamFailure,
} from "../federation/upstream-error.js";
import type { UpstreamFlow } from "../federation/upstream-flow-store.js";
import { upstreamIdentityFrom, type UpstreamIdentity } from "../federation/upstream-identity.js";
import type { FlowEvent } from "./login-deps.js";
import { redeemUpstreamCode } from "./upstream-requests.js";

export type UpstreamCallbackResult = { identity: UpstreamIdentity } | { failure: UpstreamFailure };

export async function settleUpstreamCallback(
  deps: { upstream: UpstreamClients; audit: AuditLog; logger: Logger },
  input: {
    flow: UpstreamFlow;
    /** The insurer's answer: `code`, `state`, `iss`, or `error`, `error_description`. */
    query: URLSearchParams;
    event: FlowEvent;
  },
): Promise<UpstreamCallbackResult> {
  const { flow, query, event } = input;
  const failed = async (failure: UpstreamFailure): Promise<UpstreamCallbackResult> => {
    await deps.audit.record({
      type: "upstream.callback",
      outcome: "FAILURE",
      errorCode: failure.error,
      errorDescription: failure.description,
      ...event,
    });
    return { failure };
  };

  const upstreamError = query.get("error");
  if (upstreamError)
    return failed(fromUpstreamErrorResponse(upstreamError, query.get("error_description")));

  let identity: UpstreamIdentity;
  try {
    const claims = await redeemUpstreamCode(deps, {
      idpIssuer: flow.idpIssuer,
      redirectUri: flow.redirectUri,
      query,
      state: query.get("state") ?? "",
      codeVerifier: flow.codeVerifier,
      nonce: flow.nonce,
    });
    identity = upstreamIdentityFrom(claims);
  } catch (error) {
    deps.logger.warn(
      {
        err: (error as Error).message,
        code: (error as { code?: string }).code,
        flowId: flow.flowId,
      },
      "upstream code redemption failed",
    );
    return failed(fromUpstreamException(error));
  }
  await deps.audit.record({
    type: "upstream.callback",
    outcome: "SUCCESS",
    ...event,
    details: { released_claims: Object.keys(identity.claims) },
  });
  return { identity };
}
