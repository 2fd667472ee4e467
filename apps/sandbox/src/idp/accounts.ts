import { createHash, createHmac } from "node:crypto";
import type { FindAccount } from "oidc-provider";
import { personsAt, type TestPerson } from "../identities/test-persons.js";
import type { IdpDefinition } from "./idp-registry.js";
import { telematikClaims } from "./telematik-claims.js";

export interface IdpAccounts {
  /** The IDP's `sub` for a person: never the KVNR itself. */
  subjectFor(kvnr: string): string;
  personFor(accountId: string): TestPerson | undefined;
  findAccount: FindAccount;
}

/**
 * Accounts of one insurer. The `sub` is an HMAC of the KVNR under a key of this IDP, so
 * it is stable per person and insurer and different between insurers, like a real
 * sectoral IDP's subject (gemSpec_IDP_Sek: the KVNR travels only as a claim). The key
 * is derived from the IDP's name rather than generated, so subs survive a sandbox
 * restart (keys rotate, identities stay) and the broker's accounts keep matching.
 */
export function createIdpAccounts(idp: IdpDefinition): IdpAccounts {
  const subjectKey = createHash("sha256").update(`lotse-sandbox-subject:${idp.name}`).digest();
  const subjectFor = (kvnr: string) =>
    createHmac("sha256", subjectKey).update(kvnr).digest("base64url");

  const byAccountId = new Map(personsAt(idp.name).map((p) => [subjectFor(p.kvnr), p] as const));

  return {
    subjectFor,
    personFor: (accountId) => byAccountId.get(accountId),
    // oidc-provider filters these by granted scope and rejected claims (conformIdTokenClaims: false).
    findAccount: (_ctx, accountId) => {
      const person = byAccountId.get(accountId);
      if (!person) return undefined;
      return {
        accountId,
        claims: () => ({ sub: accountId, ...telematikClaims(person, idp) }),
      };
    },
  };
}
