import { SignJWT, type JWTPayload } from "jose";
import type { SigningKey } from "../keys/signing-key.js";

/**
 * Lifetime of every federation JWT the sandbox signs (entity configurations, subordinate
 * statements, signed JWKS, the IDP list); short, since the insurers' keys rotate on restart.
 */
export const FEDERATION_JWT_TTL_SECONDS = 24 * 60 * 60;

/** The media type of entity statements (OpenID Federation 1.0 §9.2 / IANA registration). */
export const ENTITY_STATEMENT_MEDIA_TYPE = "application/entity-statement+jwt";

export interface StatementTiming {
  now?: number;
  /** An `exp` in the past: the "expired" fault. */
  expired?: boolean;
}

/**
 * An entity statement (OpenID Federation 1.0 §3): ES256, `typ: entity-statement+jwt`, `kid`
 * of the signing key, and `iat`/`exp` always (both are REQUIRED, §3.1). `signWith` signs
 * with another key under the same `kid`: the "bad-signature" fault.
 */
export function signEntityStatement(
  key: SigningKey,
  claims: JWTPayload & { iss: string; sub: string },
  options: StatementTiming & { signWith?: SigningKey } = {},
): Promise<string> {
  const { iat, exp } = lifetime(options);
  return new SignJWT({ ...claims, iat, exp })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "entity-statement+jwt" })
    .sign((options.signWith ?? key).privateKey);
}

/** `iat`/`exp` of a federation JWT: valid for a day, or expired a day ago. */
export function lifetime(options: StatementTiming = {}): { iat: number; exp: number } {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const iat = options.expired ? now - 2 * FEDERATION_JWT_TTL_SECONDS : now;
  return { iat, exp: iat + FEDERATION_JWT_TTL_SECONDS };
}
