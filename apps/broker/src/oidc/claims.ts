/**
 * Which claims each scope releases (OIDC Core §5.4), with the gematik names of
 * DESIGN.md §4. `ext-original-iss`/`ext-original-sub` ride on `openid` and are only ever
 * returned for applications allowed them (accounts/find-account.ts). `email` and `profile`
 * release the standard claims (OIDC Core §5.4) to applications that registered them.
 */
import { TELEMATIK_SCOPE_CLAIMS } from "@lotse/domain";
import { STANDARD_SCOPE_CLAIMS } from "../accounts/standard-claims.js";

export const CLAIMS: Record<string, string[] | null> = {
  // acr/amr/auth_time of the upstream login travel in every ID token (gematik clients
  // check the level of assurance); they never appear in userinfo.
  openid: ["sub", "acr", "amr", "auth_time", "ext-original-iss", "ext-original-sub"],
  acr: null,
  amr: null,
  auth_time: null,
  sid: null,
  iss: null,
  // SMART App Launch 2.2 §2.0.10 "Scopes for requesting identity data": the FHIR resource
  // of the user, as an absolute URL (accounts/find-account.ts).
  fhirUser: ["fhirUser"],
  // The standard scopes, for applications that registered the standard claims; their
  // values exist only for those (accounts/find-account.ts, accounts/standard-claims.ts).
  ...Object.fromEntries(
    Object.entries(STANDARD_SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]]),
  ),
  ...Object.fromEntries(
    Object.entries(TELEMATIK_SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]]),
  ),
};
