/**
 * openid-client's errors as a help-desk error: the broker's OAuth error code where it sent
 * one (RFC 6749 §5.2, CIBA Core §11 and §13), else what went wrong on the way.
 */
import * as client from "openid-client";
import { describeHelpdeskError } from "~/lib/helpdesk/describe-error";
import type { HelpdeskError } from "~/lib/helpdesk/status";

/** `deadlinePassed`: the request's expires_in is over, so a timeout means "expired". */
export function helpdeskErrorFrom(error: unknown, deadlinePassed: boolean): HelpdeskError {
  if (error instanceof client.ResponseBodyError) {
    // Still pending when the request's lifetime is over: the caller never answered.
    const pending = error.error === "authorization_pending" || error.error === "slow_down";
    if (pending && deadlinePassed) return describeHelpdeskError("expired_token");
    return describeHelpdeskError(error.error, error.error_description);
  }
  if (error instanceof client.WWWAuthenticateChallengeError) {
    // RFC 6749 §5.2 / RFC 6750 §3: a 401 carries its error in the WWW-Authenticate challenge.
    const parameters = error.cause[0]?.parameters;
    return describeHelpdeskError(
      parameters?.error ?? "invalid_client",
      parameters?.error_description,
    );
  }
  if (error instanceof client.ClientError) {
    if (error.code === "OAUTH_TIMEOUT" || error.code === "OAUTH_ABORT") {
      return describeHelpdeskError(deadlinePassed ? "expired_token" : "broker_unreachable");
    }
    return describeHelpdeskError("invalid_response", error.message);
  }
  // fetch() rejects with a TypeError when the broker cannot be reached.
  if (error instanceof TypeError) return describeHelpdeskError("broker_unreachable");
  return describeHelpdeskError("internal_error");
}
