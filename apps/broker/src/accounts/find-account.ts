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
import type { AccountStore } from "./account-store.js";

export function createFindAccount(accounts: AccountStore): FindAccount {
  return async (ctx: KoaContextWithOIDC, id: string): Promise<Account | undefined> => {
    const client = ctx.oidc.client;
    if (!client) return undefined;
    const identity = await accounts.load(client.clientId, id);
    if (!identity) return undefined;
    const { lotseAllowOriginalClaims } = lotseFields(client);
    return {
      accountId: id,
      claims: () => ({
        sub: id,
        ...identity.claims,
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
