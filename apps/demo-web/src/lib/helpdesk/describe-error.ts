/**
 * Readable sentences for what can end a help-desk request: the errors of the backchannel
 * authentication endpoint (CIBA Core §13), of the token endpoint for the CIBA grant
 * (CIBA Core §11, RFC 6749 §5.2) and this app's own.
 */
import type { HelpdeskError } from "./status";

const MESSAGES: Record<string, string> = {
  // CIBA Core §11: the end of a request.
  access_denied: "The caller denied the request on their phone.",
  expired_token: "The request expired before the caller answered.",
  // CIBA Core §13: the request could not start.
  unknown_user_id: "The chosen insurer does not know this KVNR.",
  invalid_binding_message: "The insurer refused the binding message; try a shorter plain one.",
  invalid_user_code: "The user code was wrong.",
  missing_user_code: "This application must send a user code.",
  expired_login_hint_token: "The login hint token has expired.",
  transaction_failed: "The insurer could not complete the request.",
  invalid_request: "The broker refused the request as malformed.",
  invalid_scope: "The broker refused the requested scopes.",
  invalid_client: "The broker did not accept this app's client credentials.",
  unauthorized_client: "This app is not allowed to use CIBA in this mode at the broker.",
  invalid_grant: "The broker no longer knows this request.",
  // Ping mode (CIBA Core §10.2): after the notification one token request must succeed.
  authorization_pending: "The broker notified this app but still answered authorization_pending.",
  slow_down: "The broker notified this app but answered slow_down.",
  // This app's own.
  broker_unreachable: "The broker could not be reached.",
  invalid_response: "The broker's answer could not be read or did not verify.",
  no_id_token: "The broker's answer has no ID token.",
  unknown_insurer: "That insurer is not in the broker's list for this app.",
  invalid_input: "Please check the form.",
  internal_error: "Something went wrong in this app.",
};

export function describeHelpdeskError(code: string, description?: string): HelpdeskError {
  const message = MESSAGES[code] ?? `The broker answered ${code}.`;
  return description ? { code, message, description } : { code, message };
}
