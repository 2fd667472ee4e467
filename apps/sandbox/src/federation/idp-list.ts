import { SignJWT } from "jose";
import type { SigningKey } from "../keys/signing-key.js";
import { IDPS, idpIssuer, idpLogoUri } from "../idp/idp-registry.js";
import { FEDERATION_JWT_TTL_SECONDS } from "./entity-statement.js";

/** One entry of gematik's IDP list (gemSpec_IDP_FD, "idp_entity"). */
export interface IdpListEntry {
  iss: string;
  organization_name: string;
  logo_uri: string;
  /** "IP": the IDP authenticates insured persons (Versicherte). */
  user_type_supported: "IP";
  pkv: boolean;
}

export function idpListEntries(sandboxUrl: string): IdpListEntry[] {
  return IDPS.map((idp) => ({
    iss: idpIssuer(sandboxUrl, idp.name),
    organization_name: idp.organizationName,
    logo_uri: idpLogoUri(sandboxUrl, idp.name),
    user_type_supported: "IP",
    pkv: idp.pkv,
  }));
}

/** The IDP list, signed by the federation master (`typ: idp-list+jwt`). */
export function signIdpList(
  key: SigningKey,
  entityId: string,
  sandboxUrl: string,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({ idp_entity: idpListEntries(sandboxUrl) })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "idp-list+jwt" })
    .setIssuer(entityId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + FEDERATION_JWT_TTL_SECONDS)
    .sign(key.privateKey);
}
