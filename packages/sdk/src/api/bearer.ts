/**
 * The two ends of RFC 6750 around the token check: reading the bearer token from the
 * `Authorization` header (§2.1) and the `WWW-Authenticate` challenge of a refusal (§3).
 */
import { LotseAccessTokenError } from "./errors.js";

/** A header longer than this carries no token of Lotse's; refused before any parsing. */
export const MAX_AUTHORIZATION_LENGTH = 8192;

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive
// (RFC 9110 §11.1).
const CREDENTIALS = /^(\S+)(.*)$/s;
const B64TOKEN = /^ +([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * The token of `Authorization: Bearer <token>`. Throws `LotseAccessTokenError`:
 * `missing_token` without a header or with another scheme (`Basic`, `DPoP`, …; RFC 6750
 * §3.1 asks for a challenge without an error code then), `invalid_request` for a `Bearer`
 * header that is malformed (no token, two tokens, characters outside b64token).
 */
export function readBearerToken(authorization: string | null | undefined): string {
  const header = authorization?.trim() ?? "";
  const credentials = CREDENTIALS.exec(header);
  if (!credentials || credentials[1]!.toLowerCase() !== "bearer")
    throw new LotseAccessTokenError(
      "missing_token",
      "An access token is required (Authorization: Bearer <token>).",
    );
  const token =
    header.length <= MAX_AUTHORIZATION_LENGTH ? B64TOKEN.exec(credentials[2]!)?.[1] : undefined;
  if (token === undefined)
    throw new LotseAccessTokenError(
      "invalid_request",
      "The Authorization header must be exactly Bearer <access token>.",
    );
  return token;
}

/** RFC 6750 §3: attribute values are quoted strings without `"` or `\`. */
function quoted(value: string): string {
  return `"${value.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, "")}"`;
}

/**
 * The `WWW-Authenticate` value for a refusal (RFC 6750 §3): `Bearer realm="…"` alone for
 * `missing_token`, otherwise with `error` and `error_description`, and for
 * `insufficient_scope` the `scope` the API requires.
 */
export function bearerChallenge(
  error: LotseAccessTokenError,
  options: { realm?: string } = {},
): string {
  const attributes: string[] = [];
  if (options.realm !== undefined) attributes.push(`realm=${quoted(options.realm)}`);
  if (error.error !== undefined) {
    attributes.push(`error=${quoted(error.error)}`);
    attributes.push(`error_description=${quoted(error.description)}`);
    if (error.error === "insufficient_scope" && error.requiredScopes.length > 0)
      attributes.push(`scope=${quoted(error.requiredScopes.join(" "))}`);
  }
  return attributes.length > 0 ? `Bearer ${attributes.join(", ")}` : "Bearer";
}
