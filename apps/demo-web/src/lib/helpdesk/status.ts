/**
 * What the help desk's agent page learns about a running CIBA request from this app's
 * server (GET /helpdesk/requests/<id>). Never a token, an auth_req_id or the
 * client_notification_token: those stay on the server.
 */

/** CIBA Core §5: poll (the client asks the token endpoint) or ping (the broker notifies). */
export const HELPDESK_MODES = ["poll", "ping"] as const;
export type HelpdeskMode = (typeof HELPDESK_MODES)[number];

/** The caller as the insurer vouched for them, read from the broker's ID token. */
export interface HelpdeskIdentity {
  /** `urn:telematik:claims:display_name`; null when the insurer released none. */
  displayName: string | null;
  /** The KVNR with all but its last 4 characters hidden. */
  kvnrMasked: string;
  /** The insurer's name from the broker's IDP list. */
  insurer: string;
  /** The insurer's issuer (`ext-original-iss` when the token carries it). */
  insurerIssuer: string;
  acr: string | null;
  /** `auth_time` as an ISO 8601 instant: when the caller authenticated on their phone. */
  authTime: string | null;
}

export interface HelpdeskError {
  /** The OAuth / CIBA error code (`access_denied`, `expired_token`, …) or one of this app's. */
  code: string;
  /** One readable sentence for the agent. */
  message: string;
  /** The broker's `error_description`, when it sent one. */
  description?: string;
}

export type HelpdeskStatus =
  | { state: "waiting"; mode: HelpdeskMode; bindingMessage: string; expiresAt: string }
  | { state: "verified"; mode: HelpdeskMode; identity: HelpdeskIdentity }
  | { state: "failed"; mode: HelpdeskMode; error: HelpdeskError };
