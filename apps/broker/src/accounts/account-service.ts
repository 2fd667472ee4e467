/**
 * Turns an upstream identity into the account an application sees: computes the sub for
 * the application's sub mode and stores the identity for the grant's lifetime.
 * Used by the browser flow (complete-login.ts) and the mobile exchange alike.
 */
import type { Client } from "oidc-provider";
import { lotseFields } from "../applications/client-metadata.js";
import type { AccountStore } from "./account-store.js";
import { subjectFor } from "./subject.js";
import type { UpstreamIdentity } from "./upstream-identity.js";

export interface AccountService {
  /** Returns the account id (= sub) for this client; throws SubjectError when impossible. */
  login(client: Client, identity: UpstreamIdentity): Promise<string>;
  /** The stored identity behind an account of this client (while a grant keeps it). */
  identityOf(clientId: string, accountId: string): Promise<UpstreamIdentity | undefined>;
}

export function createAccountService(store: AccountStore, subjectKey: Buffer): AccountService {
  return {
    async login(client, identity) {
      const fields = lotseFields(client);
      const accountId = subjectFor(
        subjectKey,
        { ...fields, allowedScopes: (client.scope ?? "").split(" ") },
        identity,
      );
      await store.save(client.clientId, accountId, identity, fields.lotseRefreshTokenTtl);
      return accountId;
    },
    identityOf: (clientId, accountId) => store.load(clientId, accountId),
  };
}
