/**
 * Reading ID tokens. NOT a verification: the signature is not checked.
 *
 * OIDC Core §3.1.3.7 (6) lets a client of the code flow use the TLS server validation of
 * the token endpoint in place of the signature check, for an ID token it has just received
 * from that endpoint itself. That is the only case in which the SDK relies on these claims
 * (`redeemCode`, `refresh`), after checking `iss`, `aud`/`azp`, `exp` and `nonce`. An ID token
 * that reached you any other way (from an app, in a header, from storage you do not trust)
 * must be verified against the broker's JWKS by a certified library such as openid-client
 * or jose's `jwtVerify`.
 */
import type { TelematikClaim } from "@lotse/domain";
import { base64urlDecode, utf8Decode } from "./base64url.js";
import { LotseProtocolError } from "./errors.js";
import { isRecord } from "./http.js";

/**
 * The gematik claims, each present only with its scope (the KVNR is
 * `urn:telematik:claims:id`, with `urn:telematik:versicherter`).
 */
export interface IdTokenClaims extends Partial<Record<TelematikClaim, string>> {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  azp?: string;
  auth_time?: number;
  acr?: string;
  amr?: string[];
  [claim: string]: unknown;
}

/** The payload of a JWS compact ID token, decoded WITHOUT verifying the signature. */
export function decodeIdToken(idToken: string): IdTokenClaims {
  const parts = idToken.split(".");
  if (parts.length !== 3)
    throw new LotseProtocolError("invalid_id_token", "The ID token is not a JWS (three parts).");
  let payload: unknown;
  try {
    payload = JSON.parse(utf8Decode(base64urlDecode(parts[1]!)));
  } catch (cause) {
    throw new LotseProtocolError("invalid_id_token", "The ID token payload is not JSON.", {
      cause,
    });
  }
  if (
    !isRecord(payload) ||
    typeof payload.iss !== "string" ||
    typeof payload.sub !== "string" ||
    (typeof payload.aud !== "string" && !Array.isArray(payload.aud)) ||
    typeof payload.exp !== "number" ||
    typeof payload.iat !== "number"
  )
    throw new LotseProtocolError(
      "invalid_id_token",
      "The ID token lacks iss, sub, aud, exp or iat.",
    );
  return payload as IdTokenClaims;
}

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The nonce of the authorization request; omitted for refreshed ID tokens (OIDC Core §12.2). */
  nonce?: string;
  /** Seconds since the epoch. */
  now: number;
  /** Allowed clock difference in seconds. */
  clockTolerance: number;
}

/** The claim checks of OIDC Core §3.1.3.7 that do not need the signature (2, 3, 4, 9, 11). */
export function checkIdTokenClaims(claims: IdTokenClaims, expected: IdTokenExpectations): void {
  const fail = (message: string) => {
    throw new LotseProtocolError("invalid_id_token", message);
  };
  // (2) the issuer is exactly the broker.
  if (claims.iss !== expected.issuer) fail(`The ID token is from ${claims.iss}.`);
  // (3), (4) the token is for this client; with several audiences `azp` names it.
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.clientId)) fail("The ID token is for another client.");
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== expected.clientId)
    fail("The ID token's azp is not this client.");
  // (9) not expired.
  if (claims.exp + expected.clockTolerance <= expected.now) fail("The ID token has expired.");
  // (11) the nonce of this login, against replay of another login's token.
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce)
    fail("The ID token's nonce is not the one of this login.");
}
