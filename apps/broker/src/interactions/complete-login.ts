/**
 * Ends an oidc-provider interaction after the upstream login, with public model API only
 * (Interaction, Grant, Session): the upstream login is the person's login *and* consent,
 * so the interaction finishes with both. The browser is then sent back to oidc-provider's
 * resume endpoint, which issues the code to the application (or the error).
 *
 * The interaction is looked up by uid rather than by its cookie, so this works from any
 * callback path (the upstream redirect lands outside the interaction cookie's path).
 */
import type { Context } from "koa";
import type Provider from "oidc-provider";
import type { Client, Interaction } from "oidc-provider";
import type { AccountService } from "../accounts/account-service.js";
import { lotseFields } from "../applications/client-metadata.js";
import { SubjectError } from "../accounts/subject.js";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";

export interface LoginFailure {
  /** An OAuth error code (RFC 6749 §4.1.2.1), e.g. access_denied, temporarily_unavailable. */
  error: string;
  error_description: string;
}

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

function redirect(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

/** Requested scopes the client registered; offline_access only with the refresh_token grant. */
export function grantableScopes(client: Client, requested: unknown): string[] {
  const allowed = new Set((client.scope ?? "").split(" ").filter(Boolean));
  return [...new Set(String(requested ?? "").split(" "))].filter(
    (scope) =>
      allowed.has(scope) &&
      (scope !== "offline_access" || client.grantTypeAllowed("refresh_token")),
  );
}

/**
 * A new Grant for (account, client) with the given OIDC scopes, living as long as the
 * application's refresh tokens (the longest any token of the grant may live). Each login
 * gets its own grant: what the person approved upstream this time is what counts.
 */
export async function saveGrant(
  provider: Provider,
  options: { accountId: string; client: Client; scopes: string[] },
): Promise<string> {
  const grant = new provider.Grant({
    accountId: options.accountId,
    clientId: options.client.clientId,
  });
  // BaseToken's `expiresIn` (oidc-provider 9.13), missing from @types/oidc-provider.
  (grant as unknown as { expiresIn: number }).expiresIn = lotseFields(
    options.client,
  ).lotseRefreshTokenTtl;
  grant.addOIDCScope(options.scopes.join(" "));
  return grant.save();
}

export async function failLogin(
  provider: Provider,
  ctx: Context,
  interaction: string | Interaction,
  failure: LoginFailure,
): Promise<void> {
  const found = await loadInteraction(provider, interaction);
  found.result = { error: failure.error, error_description: failure.error_description };
  await found.save(remainingSeconds(found));
  redirect(ctx, found.returnTo);
}

export async function completeLogin(
  deps: CompleteLoginDeps,
  ctx: Context,
  interaction: string | Interaction,
  identity: UpstreamIdentity,
): Promise<void> {
  const { provider, accounts } = deps;
  const found = await loadInteraction(provider, interaction);
  const client = await provider.Client.find(String(found.params.client_id));
  if (!client) {
    return failLogin(provider, ctx, found, {
      error: "unauthorized_client",
      error_description: "The application is no longer enabled.",
    });
  }

  let accountId: string;
  try {
    accountId = await accounts.login(client, identity);
  } catch (error) {
    if (error instanceof SubjectError)
      return failLogin(provider, ctx, found, {
        error: error.error,
        error_description: error.description,
      });
    throw error;
  }

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
  redirect(ctx, found.returnTo);
}

/** The shape the interaction routes take (interactions/interaction-routes.ts). */
export function createLoginCompletion(deps: CompleteLoginDeps) {
  return {
    complete: (ctx: Context, uid: string, identity: UpstreamIdentity) =>
      completeLogin(deps, ctx, uid, identity),
    fail: (ctx: Context, uid: string, failure: LoginFailure) =>
      failLogin(deps.provider, ctx, uid, failure),
  };
}
