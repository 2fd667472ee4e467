import { SignJWT } from "jose";
import type { SigningKey } from "../keys/signing-key.js";

/** Lifetime of the federation master's signed documents; short, since keys rotate on restart. */
export const FEDERATION_JWT_TTL_SECONDS = 24 * 60 * 60;

/**
 * The federation master's self-signed entity configuration (OpenID Federation 1.0 §3,
 * gemSpec_IDP_FD): `iss` = `sub` = its entity identifier, its JWKS, and where the list
 * of sectoral IDPs is (`metadata.federation_entity.idp_list_endpoint`, a gematik extension).
 */
export function signFedmasterEntityStatement(
  key: SigningKey,
  entityId: string,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({
    jwks: { keys: [key.publicJwk] },
    metadata: {
      federation_entity: {
        name: "Lotse Sandbox Federation Master",
        idp_list_endpoint: `${entityId}/federation/listidps`,
        homepage_uri: entityId,
      },
    },
  })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "entity-statement+jwt" })
    .setIssuer(entityId)
    .setSubject(entityId)
    .setIssuedAt(now)
    .setExpirationTime(now + FEDERATION_JWT_TTL_SECONDS)
    .sign(key.privateKey);
}
