/**
 * CIBA (OpenID Connect CIBA Core 1.0) at a sandbox insurer, poll mode only, on
 * oidc-provider's `features.ciba`: who the login hint names, which user code and binding
 * message are acceptable, and how the request reaches the person's phone (the sandbox's
 * authenticator app, authenticator/ciba-phone-routes.ts), where it is approved or denied.
 */
import { errors, type CIBAEnabledConfiguration, type KoaContextWithOIDC } from "oidc-provider";
import type { CibaInbox } from "../authenticator/ciba-inbox.js";
import { findPersonAt } from "../identities/test-persons.js";
import type { IdpAccounts } from "./accounts.js";
import {
  isUserCodeOf,
  isValidBindingMessage,
  isValidRequestingApplication,
} from "./ciba-policy.js";
import type { IdpDefinition } from "./idp-registry.js";

/** CIBA Core §7.3: the OP decides how long a request lives; the broker may ask for less. */
export const CIBA_REQUEST_TTL_SECONDS = 600;

/** The lifetime of one request: `requested_expiry` (CIBA Core §7.1) when shorter than ours. */
export function cibaRequestTtl(ctx: KoaContextWithOIDC | undefined): number {
  const requested = Number(ctx?.oidc.params?.requested_expiry);
  return requested > 0 ? Math.min(CIBA_REQUEST_TTL_SECONDS, requested) : CIBA_REQUEST_TTL_SECONDS;
}

/**
 * oidc-provider `extraParams` validator for `requesting_application`, the display name of
 * the app that asks (the broker passes it on so the phone can say who wants the login).
 */
export function validateRequestingApplication(_ctx: unknown, value: string | undefined): void {
  if (value !== undefined && !isValidRequestingApplication(value)) {
    throw new errors.InvalidRequest(
      "requesting_application must be 1-100 characters of printable text",
    );
  }
}

export function cibaFeature(options: {
  idp: IdpDefinition;
  accounts: IdpAccounts;
  inbox: CibaInbox;
}): CIBAEnabledConfiguration {
  const { idp, accounts, inbox } = options;
  return {
    enabled: true,
    deliveryModes: ["poll"],

    // The login_hint is the person's KVNR (as the gematik testing parameter names them).
    // CIBA Core §13: a hint naming nobody at this insurer is unknown_user_id.
    processLoginHint: (_ctx, loginHint) => {
      const person = loginHint ? findPersonAt(idp.name, loginHint) : undefined;
      if (!person) {
        throw new errors.UnknownUserId(
          `no insured person with this KVNR at ${idp.organizationName}`,
        );
      }
      return accounts.subjectFor(person.kvnr);
    },

    processLoginHintToken: () => {
      throw new errors.InvalidRequest(
        "login_hint_token is not supported by this insurer; send login_hint with the KVNR",
      );
    },

    // oidc-provider verifies an id_token_hint itself before any hook sees the account, so
    // it is refused here, the one hook that runs earlier (the request context, which the
    // sandbox insurers do not use otherwise).
    validateRequestContext: (ctx) => {
      if (ctx.oidc.params?.id_token_hint !== undefined) {
        throw new errors.InvalidRequest(
          "id_token_hint is not supported by this insurer; send login_hint with the KVNR",
        );
      }
    },

    // CIBA Core §7.1: optional here; when sent, it must be readable on the phone.
    validateBindingMessage: (_ctx, bindingMessage) => {
      if (bindingMessage !== undefined && !isValidBindingMessage(bindingMessage)) {
        throw new errors.InvalidBindingMessage(
          "binding_message must be 1-64 characters of printable text",
        );
      }
    },

    // CIBA Core §7.1 / §13: a user_code, when sent, must be the person's (ciba-policy.ts).
    verifyUserCode: (_ctx, account, userCode) => {
      if (userCode === undefined) return;
      const person = accounts.personFor(account.accountId);
      if (!person || !isUserCodeOf(person.kvnr, userCode)) {
        throw new errors.InvalidUserCode("the user_code is not this person's");
      }
    },

    triggerAuthenticationDevice: (ctx, request, account, client) => {
      const person = accounts.personFor(account.accountId);
      if (!person) throw new errors.UnknownUserId("could not identify end-user");
      const { requesting_application: requestingApplication, binding_message: bindingMessage } = ctx
        .oidc.params as { requesting_application?: string; binding_message?: string };
      inbox.add({
        kvnr: person.kvnr,
        idp: idp.name,
        organizationName: idp.organizationName,
        authReqId: request.jti,
        requestingApplication: requestingApplication ?? client.clientName ?? client.clientId,
        bindingMessage,
        scopes: (request.scope ?? "").split(" ").filter(Boolean),
        // Saved before this hook runs, so `exp` is set; the fallback only satisfies the type.
        expiresAt: (request.exp ?? Math.floor(Date.now() / 1000) + request.expiration) * 1000,
      });
    },
  };
}
