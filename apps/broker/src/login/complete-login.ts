/**
 * Use case: complete a browser login. Ends an oidc-provider interaction after the upstream
 * login, with public model API only (Interaction, Grant, Session): the upstream login is
 * the person's login *and* consent, so the interaction finishes with both. Answers where
 * the browser goes next: oidc-provider's resume endpoint, which issues the code to the
 * application (or the error).
 *
 * The interaction is looked up by uid rather than by its cookie, so this works from any
 * callback path (the upstream redirect lands outside the interaction cookie's path).
 */
import type Provider from "oidc-provider";
import type { Interaction } from "oidc-provider";
import type { AccountService } from "../accounts/account-service.js";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";
import { accountFor } from "./account-for.js";
import { grantableScopes, saveGrant } from "./grants.js";
import type { LoginFailure } from "./login-deps.js";

export interface CompleteLoginDeps {
  provider: Provider;
  accounts: AccountService;
}

export class InteractionNotFound extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor() {
    super("The sign-in request is unknown or has expired.");
  }
}

async function loadInteraction(
  provider: Provider,
  interaction: string | Interaction,
): Promise<Interaction> {
  if (typeof interaction !== "string") return interaction;
  const found = await provider.Interaction.find(interaction);
  if (!found) throw new InteractionNotFound();
  return found;
}

function remainingSeconds(interaction: Interaction): number {
  return Math.max(1, interaction.exp - Math.floor(Date.now() / 1000));
}

/** Ends the interaction with an error for the application; returns the resume URL. */
export async function failLogin(
  provider: Provider,
  interaction: string | Interaction,
  failure: LoginFailure,
): Promise<string> {
  const found = await loadInteraction(provider, interaction);
  found.result = { error: failure.error, error_description: failure.error_description };
  await found.save(remainingSeconds(found));
  return found.returnTo;
}

/** Ends the interaction with the login and consent of this identity; returns the resume URL. */
export async function completeLogin(
  deps: CompleteLoginDeps,
  interaction: string | Interaction,
  identity: UpstreamIdentity,
): Promise<string> {
  const { provider, accounts } = deps;
  const found = await loadInteraction(provider, interaction);
  const client = await provider.Client.find(String(found.params.client_id));
  if (!client) {
    return failLogin(provider, found, {
      error: "unauthorized_client",
      error_description: "The application is no longer enabled.",
    });
  }

  const account = await accountFor(accounts, client, identity);
  if ("failure" in account) return failLogin(provider, found, account.failure);
  const { accountId } = account;

  const grantId = await saveGrant(provider, {
    accountId,
    client,
    scopes: grantableScopes(client, found.params.scope),
  });

  // The account id is per application (its sub), so a browser session of another
  // application's account is ended here instead of by oidc-provider's "session principal
  // changed" logout page. Tokens do not expire with the session, so none is lost.
  if (found.session?.accountId && found.session.accountId !== accountId) {
    if (found.session.uid) await (await provider.Session.findByUid(found.session.uid))?.destroy();
    found.session = undefined;
  }

  found.result = {
    login: {
      accountId,
      ts: identity.authTime ?? Math.floor(Date.now() / 1000),
      ...(identity.acr ? { acr: identity.acr } : {}),
      ...(identity.amr ? { amr: identity.amr } : {}),
    },
    consent: { grantId },
  };
  await found.save(remainingSeconds(found));
  return found.returnTo;
}
