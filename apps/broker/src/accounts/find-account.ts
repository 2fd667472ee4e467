/**
 * oidc-provider's `findAccount`. The account id IS the subject the application sees:
 * oidc-provider always sets `sub` to the account id (it overrides whatever `claims()`
 * returns), so per-application subs (DESIGN.md §4) can only be had this way.
 * `claims()` releases the stored upstream claims; oidc-provider then keeps only those of
 * the scopes granted (OIDC Core §5.4), and the grant only ever holds scopes the
 * application registered (complete-login.ts).
 */
import type { Account, FindAccount, KoaContextWithOIDC } from "oidc-provider";
import { lotseFields } from "../applications/client-metadata.js";
import { CIBA_HINT_ACCOUNT } from "../login/ciba.js";
import type { SmartContextStore } from "../smart/context-store.js";
import type { AccountStore } from "./account-store.js";
import { standardClaimsFrom } from "./standard-claims.js";

/**
 * SMART's `fhirUser` claim: the user's FHIR resource as an absolute URL, from the SMART
 * context of the token's grant (SMART 2.2 §2.0.10).
 */
async function fhirUserOf(
  contexts: SmartContextStore | undefined,
  token: unknown,
): Promise<string | undefined> {
  const grantId = (token as { grantId?: unknown } | undefined)?.grantId;
  if (!contexts || typeof grantId !== "string") return undefined;
  const context = await contexts.load(grantId);
  if (!context?.fhirUser) return undefined;
  return `${context.fhirBaseUrl.replace(/\/+$/, "")}/${context.fhirUser}`;
}

export function createFindAccount(
  accounts: AccountStore,
  smartContexts?: SmartContextStore,
): FindAccount {
  return async (
    ctx: KoaContextWithOIDC,
    id: string,
    token?: unknown,
  ): Promise<Account | undefined> => {
    const client = ctx.oidc.client;
    if (!client) return undefined;
    // A backchannel login names a person by KVNR; who it is becomes known when they
    // confirm at their insurer (login/ciba.ts). Only the request itself may name it.
    if (id.startsWith(CIBA_HINT_ACCOUNT))
      return ctx.oidc.route === "backchannel_authentication"
        ? { accountId: id, claims: () => ({ sub: id }) }
        : undefined;
    const identity = await accounts.load(client.clientId, id);
    if (!identity) return undefined;
    const { lotseAllowOriginalClaims, lotseSmart, lotseStandardClaims } = lotseFields(client);
    const fhirUser = lotseSmart ? await fhirUserOf(smartContexts, token) : undefined;
    return {
      accountId: id,
      claims: () => ({
        sub: id,
        ...identity.claims,
        // Only for applications that registered the standard claims (issue 13).
        ...(lotseStandardClaims ? standardClaimsFrom(identity.claims) : {}),
        ...(fhirUser ? { fhirUser } : {}),
        // Only for applications allowed them (DESIGN.md §4).
        ...(lotseAllowOriginalClaims
          ? {
              "ext-original-iss": identity.upstreamIssuer,
              "ext-original-sub": identity.upstreamSub,
            }
          : {}),
      }),
    };
  };
}
