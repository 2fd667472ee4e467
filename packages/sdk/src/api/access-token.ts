/**
 * Verifying a Lotse JWT access token at an API (a resource server), as RFC 9068 §4 asks:
 * the signature against the broker's JWKS, `typ` at+jwt, `iss`, `aud`, `exp`/`nbf`; then the
 * scopes the API requires (RFC 6750 §3.1 `insufficient_scope`). An opaque access token
 * (an API registered with token format "opaque") is not a JWT: ask the broker's
 * introspection endpoint (RFC 7662) instead.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { LotseNetworkError } from "../errors.js";
import { isRecord } from "../http.js";
import { LotseAccessTokenError } from "./errors.js";

/** Asymmetric only: a symmetric (HS*) token could be forged by anyone holding the key. */
export const ACCESS_TOKEN_ALGORITHMS = ["RS256", "ES256"] as const;

/** Seconds of clock difference between the broker and the API accepted for `exp`/`nbf`. */
const DEFAULT_CLOCK_TOLERANCE = 5;

export interface VerifyAccessTokenOptions {
  /** The broker's issuer, exactly as in its discovery document and the tokens' `iss`. */
  issuer: string;
  /** The API's identifier as registered in the portal; the token's `aud` must contain it. */
  audience: string;
  /** Scopes every request needs (a list or space-separated); all must be in `scope`. */
  requiredScopes?: string | readonly string[];
  /**
   * The broker's keys: a JWK Set, or a key function of jose (`createLocalJWKSet`,
   * `createRemoteJWKSet`). By default `${issuer}/.well-known/jwks`, fetched when a token
   * names an unknown `kid` and cached (one key set per issuer and process).
   */
  jwks?: JSONWebKeySet | JWTVerifyGetKey;
  /** Seconds of clock difference accepted for `exp` and `nbf`; default 5. */
  clockTolerance?: number;
}

/** RFC 8693 §4.1: who acts on behalf of `sub` (delegation); nested for a chain. */
export interface ActorClaim {
  sub?: string;
  client_id?: string;
  act?: ActorClaim;
  [claim: string]: unknown;
}

export interface AccessTokenClaims {
  /** The person (as the application sees them, per its sub mode). */
  sub: string;
  /** The application the token was issued to (RFC 9068 §2.2 `client_id`). */
  clientId: string;
  /** The granted scopes (`scope`, split at spaces). */
  scopes: string[];
  /** `aud` as a list; contains the API's identifier. */
  audience: string[];
  /** Milliseconds since the epoch (the token's `exp`), like `TokenSet.expiresAt`. */
  expiresAt: number;
  /** Present on tokens from a token exchange with an actor (RFC 8693 §4.1). */
  act?: ActorClaim;
  /** Every claim of the verified token, for claims beyond these (e.g. SMART's `patient`). */
  claims: JWTPayload;
}

const remoteKeySets = new Map<string, JWTVerifyGetKey>();

function keysOf(options: VerifyAccessTokenOptions): JWTVerifyGetKey {
  const { jwks } = options;
  if (typeof jwks === "function") return jwks;
  if (jwks !== undefined) return createLocalJWKSet(jwks);
  // DESIGN.md §4: the broker publishes its keys at this fixed path (current and next key).
  const url = `${options.issuer.replace(/\/+$/, "")}/.well-known/jwks`;
  let keys = remoteKeySets.get(url);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(url));
    remoteKeySets.set(url, keys);
  }
  return keys;
}

export function scopeList(scope: string | readonly string[] | undefined): string[] {
  if (scope === undefined) return [];
  return (typeof scope === "string" ? scope.split(" ") : [...scope]).filter(Boolean);
}

const invalid = (description: string, cause?: unknown) =>
  new LotseAccessTokenError("invalid_token", description, { cause });

/** What jose's refusal means for the API: the token's fault, or the keys' absence. */
function translate(error: unknown): Error {
  if (error instanceof joseErrors.JWTExpired)
    return invalid("The access token has expired.", error);
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const descriptions: Record<string, string> = {
      // RFC 9068 §4: an ID token or any other JWT is no access token.
      typ: "The token is not an access token (typ at+jwt).",
      iss: "The access token is from another issuer.",
      aud: "The access token is not meant for this API.",
      nbf: "The access token is not valid yet.",
      iat: "The access token's iat is in the future.",
    };
    return invalid(
      descriptions[error.claim] ??
        (error.reason === "missing"
          ? `The access token lacks the ${error.claim} claim.`
          : `The access token's ${error.claim} claim is invalid.`),
      error,
    );
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return invalid("The access token is signed with an algorithm this API does not accept.", error);
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWKSNoMatchingKey ||
    error instanceof joseErrors.JWKSMultipleMatchingKeys
  )
    return invalid("The access token's signature does not verify with the broker's keys.", error);
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid)
    return invalid("The access token is not a JWT (an opaque token needs introspection).", error);
  // A timeout, an unreadable JWKS, a non-200 answer (jose's generic error) or fetch's own
  // failure: the broker's keys could not be had, which says nothing about the token.
  if (
    !(error instanceof joseErrors.JOSEError) ||
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    error.code === joseErrors.JOSEError.code
  )
    return new LotseNetworkError("network_error", "The broker's keys (JWKS) cannot be fetched.", {
      cause: error,
    });
  return invalid("The access token is invalid.", error);
}

/**
 * Verifies a Lotse JWT access token for this API and answers its claims. Throws
 * `LotseAccessTokenError` (`invalid_token` → 401, `insufficient_scope` → 403, with
 * `missingScopes`), or `LotseNetworkError` when the broker's keys cannot be fetched (not
 * the caller's fault: answer 503 and let them retry).
 */
export async function verifyAccessToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keysOf(options), {
      issuer: options.issuer,
      audience: options.audience,
      // RFC 9068 §4: typ must be at+jwt (jose also accepts application/at+jwt, as §4 allows).
      typ: "at+jwt",
      algorithms: [...ACCESS_TOKEN_ALGORITHMS],
      // RFC 9068 §2.2: the claims every JWT access token has.
      requiredClaims: ["exp", "iat", "sub", "client_id", "jti"],
      clockTolerance: options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE,
    }));
  } catch (error) {
    throw translate(error);
  }
  const { sub, client_id: clientId, scope, act, aud, exp } = payload;
  if (typeof sub !== "string" || typeof clientId !== "string")
    throw invalid("The access token's sub or client_id is not a string.");
  // RFC 9068 §2.2.3 and RFC 8693 §4.2: `scope` is one space-separated string.
  if (scope !== undefined && typeof scope !== "string")
    throw invalid("The access token's scope is not a string.");
  if (act !== undefined && !isRecord(act)) throw invalid("The access token's act is malformed.");

  const scopes = scopeList(scope);
  const requiredScopes = scopeList(options.requiredScopes);
  const missingScopes = requiredScopes.filter((required) => !scopes.includes(required));
  if (missingScopes.length > 0)
    throw new LotseAccessTokenError(
      "insufficient_scope",
      `The access token lacks the scope ${missingScopes.join(" ")}.`,
      { requiredScopes, missingScopes },
    );
  return {
    sub,
    clientId,
    scopes,
    audience: typeof aud === "string" ? [aud] : [...(aud ?? [])],
    expiresAt: exp! * 1000,
    ...(act !== undefined ? { act: act as ActorClaim } : {}),
    claims: payload,
  };
}
