/**
 * oidc-provider's CIBA feature (`features.ciba`) for the broker: the hooks it leaves to the
 * deployment. It is configured when the provider is built, before the login's dependencies
 * (federation, audit) exist, so the hooks reach the use cases in login/ciba.ts through
 * `bind`, which the composition root (broker.ts) calls once.
 */
import { randomUUID } from "node:crypto";
import { isValidKvnr, isWellFormedText } from "@lotse/domain";
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWK } from "jose";
import type {
  Account,
  BackchannelAuthenticationRequest,
  Client,
  KoaContextWithOIDC,
} from "oidc-provider";
import { errors } from "oidc-provider";
import { publicJwks } from "../keys/public-jwks.js";
import { requestInfo } from "../audit/request-info.js";
import { beginBackchannelLogin, CIBA_HINT_ACCOUNT, type CibaDeps } from "../login/ciba.js";
import { notificationTokenOf } from "./request-checks.js";

/** CIBA §7.1: a short text the person compares; printable, at most this long. */
export const BINDING_MESSAGE_MAX = 64;
const USER_CODE_MAX = 64;
/** C0 and C1 control characters, which no phone should be asked to show. */
const CONTROL = {
  test: (text: string) =>
    [...text].some((char) => {
      const code = char.codePointAt(0)!;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f);
    }),
};

export interface CibaFeature {
  config: Record<string, unknown>;
  bind(deps: CibaDeps): void;
}

export function createCibaFeature(options: { issuer: string; signingKeys: JWK[] }): CibaFeature {
  let deps: CibaDeps | undefined;
  const bound = (): CibaDeps => {
    if (!deps) throw new errors.TemporarilyUnavailable("backchannel login is not ready");
    return deps;
  };
  const jwks = createLocalJWKSet(publicJwks(options.signingKeys));

  return {
    bind(value) {
      deps = value;
    },
    config: {
      enabled: true,
      // Ping is the broker's own (login/ciba.ts); discovery lists both (configuration.ts).
      deliveryModes: ["poll"],
      // A KVNR names the person; who it is becomes known when they confirm at the insurer.
      async processLoginHint(_ctx: KoaContextWithOIDC, loginHint: string) {
        if (!isValidKvnr(loginHint))
          throw new errors.InvalidRequest("login_hint must be a health insurance number (KVNR)");
        return `${CIBA_HINT_ACCOUNT}${randomUUID()}`;
      },
      // An ID token the broker issued to this application, still valid: its sub.
      async processLoginHintToken(ctx: KoaContextWithOIDC, token: string) {
        try {
          const { payload } = await jwtVerify(token, jwks, {
            issuer: options.issuer,
            audience: ctx.oidc.client!.clientId,
            requiredClaims: ["exp", "sub"],
          });
          return payload.sub;
        } catch (error) {
          if (error instanceof joseErrors.JWTExpired)
            throw new errors.ExpiredLoginHintToken("the login_hint_token has expired");
          throw new errors.InvalidRequest(
            "login_hint_token is not an ID token of this application",
          );
        }
      },
      async validateBindingMessage(_ctx: KoaContextWithOIDC, bindingMessage?: string) {
        if (bindingMessage === undefined) return;
        if (
          typeof bindingMessage !== "string" ||
          bindingMessage.length === 0 ||
          bindingMessage.length > BINDING_MESSAGE_MAX ||
          !isWellFormedText(bindingMessage) ||
          CONTROL.test(bindingMessage)
        )
          throw new errors.InvalidBindingMessage(
            `binding_message must be 1 to ${BINDING_MESSAGE_MAX} printable characters`,
          );
      },
      async validateRequestContext() {},
      // The code is the person's at their insurer: the insurer checks it (login/ciba.ts).
      async verifyUserCode(ctx: KoaContextWithOIDC, _account: Account, userCode?: string) {
        const required = (ctx.oidc.client as unknown as { backchannelUserCodeParameter?: boolean })
          ?.backchannelUserCodeParameter;
        if (userCode === undefined) {
          if (required) throw new errors.MissingUserCode("this application must send a user_code");
          return;
        }
        if (
          typeof userCode !== "string" ||
          userCode.length === 0 ||
          userCode.length > USER_CODE_MAX ||
          !isWellFormedText(userCode) ||
          CONTROL.test(userCode)
        )
          throw new errors.InvalidUserCode("user_code is malformed");
      },
      async triggerAuthenticationDevice(
        ctx: KoaContextWithOIDC,
        request: BackchannelAuthenticationRequest,
        account: Account,
        client: Client,
      ) {
        const login = bound();
        const hinted = account.accountId.startsWith(CIBA_HINT_ACCOUNT)
          ? undefined
          : await login.accounts.identityOf(client.clientId, account.accountId);
        if (!account.accountId.startsWith(CIBA_HINT_ACCOUNT) && !hinted?.kvnr)
          throw new errors.UnknownUserId("the person of the hint is no longer known here");
        const { interval } = await beginBackchannelLogin(login, {
          request,
          client,
          params: (request.params ?? {}) as Record<string, unknown>,
          hinted,
          notificationToken: notificationTokenOf(ctx),
          requestInfo: requestInfo(ctx),
        });
        (ctx.body as Record<string, unknown>).interval = interval;
      },
    },
  };
}
