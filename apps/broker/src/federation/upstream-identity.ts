/**
 * What the broker keeps of an upstream login: the upstream issuer and sub, and only the
 * gematik claims the person released (DESIGN.md §4). Everything else in the upstream
 * ID token is dropped.
 */
import { KVNR_CLAIM, TELEMATIK_CLAIMS } from "@lotse/domain";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";

export type { UpstreamIdentity };

export function upstreamIdentityFrom(idToken: Record<string, unknown>): UpstreamIdentity {
  const claims: Record<string, unknown> = {};
  for (const name of TELEMATIK_CLAIMS)
    if (idToken[name] !== undefined) claims[name] = idToken[name];
  const kvnr = idToken[KVNR_CLAIM];
  return {
    upstreamIssuer: String(idToken.iss),
    upstreamSub: String(idToken.sub),
    claims,
    ...(typeof kvnr === "string" ? { kvnr } : {}),
    ...(typeof idToken.acr === "string" ? { acr: idToken.acr } : {}),
    ...(Array.isArray(idToken.amr) ? { amr: idToken.amr.map(String) } : {}),
    ...(typeof idToken.auth_time === "number" ? { authTime: idToken.auth_time } : {}),
  };
}
