/**
 * The account an application sees for an upstream identity (its sub, per the sub mode),
 * or the login failure when none can be made for it (SubjectError, e.g. the PERSON sub
 * mode without a KVNR). Both the browser and the native flow end a login through it.
 */
import type { Client } from "oidc-provider";
import type { AccountService } from "../accounts/account-service.js";
import { SubjectError } from "../accounts/subject.js";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";
import type { LoginFailure } from "./login-deps.js";

export type AccountResult = { accountId: string } | { failure: LoginFailure };

export async function accountFor(
  accounts: AccountService,
  client: Client,
  identity: UpstreamIdentity,
): Promise<AccountResult> {
  try {
    return { accountId: await accounts.login(client, identity) };
  } catch (error) {
    if (error instanceof SubjectError)
      return { failure: { error: error.error, error_description: error.description } };
    throw error;
  }
}
