/** Synthetic upstream identities, shaped as the federation would hand them over. */
import type { UpstreamIdentity } from "../../src/accounts/upstream-identity.js";

export const GKV_A = "http://127.0.0.1:4100/idp/gkv-a";
export const GKV_B = "http://127.0.0.1:4100/idp/gkv-b";

export function person(overrides: Partial<UpstreamIdentity> = {}): UpstreamIdentity {
  return {
    upstreamIssuer: GKV_A,
    upstreamSub: "upstream-sub-erika",
    kvnr: "X110411675",
    acr: "gematik-ehealth-loa-high",
    amr: ["urn:telematik:auth:eGK"],
    authTime: Math.floor(Date.now() / 1000),
    claims: {
      "urn:telematik:claims:id": "X110411675",
      "urn:telematik:claims:email": "erika@example.org",
      "urn:telematik:claims:display_name": "Erika Mustermann",
      "urn:telematik:claims:given_name": "Erika",
      "urn:telematik:claims:geburtsdatum": "1964-08-12",
      "urn:telematik:claims:geschlecht": "W",
      "urn:telematik:claims:alter": "61",
    },
    ...overrides,
  };
}
