/**
 * The SDK's three kinds of failure, each with a machine-readable `code`:
 *
 * - `LotseAuthError`: an OAuth error (RFC 6749 §4.1.2.1, §5.2) from the broker or in a
 *   redirect, or a check of the redirect that failed (`state_mismatch`, `issuer_mismatch`).
 *   The login did not happen; show the person a way to start again.
 * - `LotseNetworkError`: the request did not get an answer the SDK can read as OAuth
 *   (offline, DNS, TLS, a proxy's 502 page). Retrying may help.
 * - `LotseProtocolError`: the broker answered, but not as the protocol says (malformed
 *   JSON, a missing field, an ID token for someone else). A bug or an attack; do not retry.
 */
export abstract class LotseError extends Error {
  abstract readonly code: string;
}

export class LotseAuthError extends LotseError {
  readonly code: string;
  /** The OAuth error code, same as `code`. */
  readonly error: string;
  readonly errorDescription: string | undefined;
  /** The `state` the error came with, when it came in a redirect. */
  readonly state: string | undefined;
  /** The HTTP status, when the error was an HTTP answer. */
  readonly status: number | undefined;

  constructor(
    error: string,
    details: { errorDescription?: string; state?: string; status?: number } = {},
  ) {
    super(details.errorDescription ? `${error}: ${details.errorDescription}` : error);
    this.name = "LotseAuthError";
    this.code = error;
    this.error = error;
    this.errorDescription = details.errorDescription;
    this.state = details.state;
    this.status = details.status;
  }
}

export class LotseNetworkError extends LotseError {
  /** `network_error` (no answer) or `http_error` (an answer that is not an OAuth error). */
  readonly code: "network_error" | "http_error";
  readonly status: number | undefined;

  constructor(
    code: "network_error" | "http_error",
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "LotseNetworkError";
    this.code = code;
    this.status = options.status;
  }
}

export class LotseProtocolError extends LotseError {
  /** `invalid_response` (malformed answer), `invalid_id_token` or `discovery_mismatch`. */
  readonly code: "invalid_response" | "invalid_id_token" | "discovery_mismatch";

  constructor(
    code: LotseProtocolError["code"],
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "LotseProtocolError";
    this.code = code;
  }
}
