/**
 * Why an API refuses a request, in the terms of RFC 6750 §3.1, so that it maps to one HTTP
 * status and one `WWW-Authenticate` challenge (bearerChallenge) in one place:
 *
 * - `missing_token` (401): no `Authorization: Bearer` credentials at all, or another scheme.
 *   RFC 6750 §3.1 says the challenge then carries no error code, so this `code` is the SDK's
 *   own and `error` is undefined.
 * - `invalid_request` (400): a malformed `Bearer` header.
 * - `invalid_token` (401): the token is not a valid Lotse access token for this API (bad
 *   signature, another issuer or audience, expired, not an access token, …).
 * - `insufficient_scope` (403): a valid token without all the scopes the API requires.
 */
import { LotseError } from "../errors.js";

export type AccessTokenErrorCode =
  "missing_token" | "invalid_request" | "invalid_token" | "insufficient_scope";

const STATUS = {
  missing_token: 401,
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
} as const satisfies Record<AccessTokenErrorCode, number>;

export class LotseAccessTokenError extends LotseError {
  readonly code: AccessTokenErrorCode;
  /** The RFC 6750 error code for the challenge; undefined for `missing_token`. */
  readonly error: Exclude<AccessTokenErrorCode, "missing_token"> | undefined;
  /** The HTTP status to answer with: 400, 401 or 403. */
  readonly status: 400 | 401 | 403;
  /** Safe to send to the caller: it names no key, claim value or token. */
  readonly description: string;
  /** With `insufficient_scope`: every scope the API requires (the challenge's `scope`). */
  readonly requiredScopes: readonly string[];
  /** With `insufficient_scope`: the required scopes the token lacks. */
  readonly missingScopes: readonly string[];

  constructor(
    code: AccessTokenErrorCode,
    description: string,
    options: { requiredScopes?: readonly string[]; missingScopes?: readonly string[] } & {
      cause?: unknown;
    } = {},
  ) {
    super(`${code}: ${description}`, { cause: options.cause });
    this.name = "LotseAccessTokenError";
    this.code = code;
    this.error = code === "missing_token" ? undefined : code;
    this.status = STATUS[code];
    this.description = description;
    this.requiredScopes = options.requiredScopes ?? [];
    this.missingScopes = options.missingScopes ?? [];
  }
}
