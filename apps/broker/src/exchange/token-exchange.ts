/**
 * OAuth 2.0 Token Exchange (RFC 8693) at the token endpoint, as an oidc-provider grant type
 * (`registerGrantType`), docs/flows/token-exchange.md. A client trades a Lotse token of a
 * person (the subject token) for one meant for another audience: one of its organisation's
 * APIs (an access token in the API's format and with its scopes) or another of its
 * organisation's applications (an access token or an ID token for it), as far as its policy
 * in the portal allows (Application.tokenExchangeAudiences).
 *
 * The subject token is a Lotse access token (opaque or JWT) or ID token, issued to an
 * application of the same organisation and still valid. With an `actor_token` of the
 * requesting client, the issued token names the actor in `act` (RFC 8693 §4.1).
 */
import {
  compactDecrypt,
  createLocalJWKSet,
  decodeJwt,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from "jose";
import type { Middleware } from "koa";
import type Provider from "oidc-provider";
import { errors, type Client, type KoaContextWithOIDC } from "oidc-provider";
import type { AccountService } from "../accounts/account-service.js";
import type { IdpDirectory } from "../federation/idp-directory.js";
import type { FederationKeys, UpstreamClients } from "../federation/upstream-clients.js";
import { upstreamIdentityFrom } from "../federation/upstream-identity.js";
import { apiGrantOf } from "../apis/api-resources.js";
import { authenticatedClientOf } from "../applications/client-auth.js";
import { lotseFields, TOKEN_EXCHANGE_GRANT } from "../applications/client-metadata.js";
import { publicJwks } from "../keys/public-jwks.js";
import { requestInfo, type AuditLog } from "../audit/index.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { formBody } from "../protection/form-body.js";
import { answerOAuthError } from "../protection/oauth-error.js";

export const TOKEN_TYPES = {
  accessToken: "urn:ietf:params:oauth:token-type:access_token",
  idToken: "urn:ietf:params:oauth:token-type:id_token",
  refreshToken: "urn:ietf:params:oauth:token-type:refresh_token",
  jwt: "urn:ietf:params:oauth:token-type:jwt",
} as const;

const PARAMETERS = [
  "subject_token",
  "subject_token_type",
  "actor_token",
  "actor_token_type",
  "requested_token_type",
  "audience",
  "resource",
  "scope",
];

/** The broker as a relying party of the insurers, to read an insurer's ID token. */
export interface UpstreamReader {
  /** The insurer IDPs an application may use (federation/idp-directory.ts). */
  idps: Pick<IdpDirectory, "find">;
  upstream: UpstreamClients;
  getFederationKeys: () => Promise<FederationKeys>;
}

export interface TokenExchangeDeps {
  provider: Provider;
  accounts: AccountService;
  /** Reads insurer ID tokens as subject tokens (federation setups); off without it. */
  upstream?: UpstreamReader;
  audit: Pick<AuditLog, "record">;
  issuer: string;
  /** The private OIDC signing keys (their public halves verify ID and JWT access tokens). */
  signingKeys: JWK[];
}

/** Who a subject or actor token stands for. */
interface TokenSubject {
  accountId: string;
  client: Client;
  scopes: string[];
  act?: Record<string, unknown>;
}

function param(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = (ctx.oidc.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

const isJwt = (token: string) => token.split(".").length === 3;

export function registerTokenExchange(deps: TokenExchangeDeps): void {
  const { provider } = deps;
  const jwks = createLocalJWKSet(publicJwks(deps.signingKeys));

  /** A Lotse access token: opaque (looked up) or JWT (verified, then looked up by jti). */
  async function accessTokenSubject(token: string): Promise<TokenSubject | undefined> {
    let jti = token;
    let act: Record<string, unknown> | undefined;
    if (isJwt(token)) {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: deps.issuer,
        typ: "at+jwt",
      }).catch(() => ({ payload: undefined as JWTPayload | undefined }));
      if (!payload?.jti) return undefined;
      jti = payload.jti;
      act = payload.act as Record<string, unknown> | undefined;
    }
    const stored = await provider.AccessToken.find(jti);
    if (!stored || stored.isExpired || !stored.accountId || !stored.clientId) return undefined;
    const client = await provider.Client.find(stored.clientId);
    if (!client) return undefined;
    return {
      accountId: stored.accountId,
      client,
      scopes: [...(stored.scopes ?? [])],
      ...(act ? { act } : {}),
    };
  }

  /** A Lotse ID token: signature, issuer, expiry; the account of its audience. */
  async function idTokenSubject(token: string): Promise<TokenSubject | undefined> {
    const verified = await jwtVerify(token, jwks, {
      issuer: deps.issuer,
      requiredClaims: ["sub", "aud", "exp"],
    }).catch(() => undefined);
    if (!verified) return undefined;
    const audience = verified.payload.aud;
    const clientId = Array.isArray(audience) ? audience[0] : audience;
    const client = clientId ? await provider.Client.find(clientId) : undefined;
    if (!client || typeof verified.payload.sub !== "string") return undefined;
    return { accountId: verified.payload.sub, client, scopes: ["openid"] };
  }

  /**
   * An insurer's ID token, encrypted to the broker as the federation requires (JWE): the
   * broker decrypts it, checks the insurer's signature, issuer (an insurer the client may
   * use), audience (the broker) and expiry, and takes the person as the requesting client
   * sees them, as a login would.
   */
  async function upstreamIdTokenSubject(
    token: string,
    client: Client,
  ): Promise<TokenSubject | undefined> {
    const reader = deps.upstream;
    if (!reader) return undefined;
    try {
      const keys = await reader.getFederationKeys();
      const { plaintext } = await compactDecrypt(token, keys.encryption.privateKey);
      const jws = new TextDecoder().decode(plaintext);
      const issuer = decodeJwt(jws).iss;
      if (typeof issuer !== "string") return undefined;
      const idp = await reader.idps.find(issuer, lotseFields(client).lotseAllowedIdps);
      if (!idp) return undefined;
      // The insurer's keys from its verified signed JWKS (federation trust chain).
      const keySet = createLocalJWKSet(await reader.upstream.idTokenKeys(idp.issuer));
      const { payload } = await jwtVerify(jws, keySet, {
        issuer: idp.issuer,
        audience: deps.issuer,
        requiredClaims: ["sub", "exp"],
      });
      const identity = upstreamIdentityFrom(payload as Record<string, unknown>);
      const accountId = await deps.accounts.login(client, identity);
      return { accountId, client, scopes: ["openid"] };
    } catch {
      // Not decryptable, not verifiable, not an insurer of this client's, or no sub for it.
      return undefined;
    }
  }

  async function subjectOf(
    token: string,
    type: string,
    client: Client,
  ): Promise<TokenSubject | undefined> {
    if (type === TOKEN_TYPES.accessToken) return accessTokenSubject(token);
    if (type === TOKEN_TYPES.idToken)
      return token.split(".").length === 5
        ? upstreamIdTokenSubject(token, client)
        : idTokenSubject(token);
    if (type === TOKEN_TYPES.jwt)
      return (decodeJwt(token).typ ?? "") === "at+jwt"
        ? accessTokenSubject(token)
        : idTokenSubject(token);
    throw new errors.InvalidRequest(`unsupported token type ${type}`);
  }

  async function handler(ctx: KoaContextWithOIDC): Promise<void> {
    const client = ctx.oidc.client!;
    const fields = lotseFields(client);
    const event = {
      clientId: client.clientId,
      applicationId: fields.lotseApplicationId,
      ...requestInfo(ctx),
    };
    const requested = {
      audience: param(ctx, "audience") ?? null,
      resource: param(ctx, "resource") ?? null,
      requested_token_type: param(ctx, "requested_token_type") ?? TOKEN_TYPES.accessToken,
      subject_token_type: param(ctx, "subject_token_type") ?? null,
    };
    const refuse = async (error: InstanceType<typeof errors.OIDCProviderError>) => {
      await deps.audit.record({
        type: "token.exchanged",
        outcome: "FAILURE",
        errorCode: error.error,
        errorDescription: error.error_description ?? error.message,
        ...event,
        details: requested,
      });
      throw error;
    };

    const policy = fields.lotseTokenExchangeAudiences;
    if (policy.length === 0)
      return refuse(new errors.UnauthorizedClient("this application may not exchange tokens"));

    const subjectToken = param(ctx, "subject_token");
    const subjectType = param(ctx, "subject_token_type");
    if (!subjectToken || !subjectType)
      return refuse(new errors.InvalidRequest("subject_token and subject_token_type are required"));
    if (subjectToken.length > 8192)
      return refuse(new errors.InvalidRequest("subject_token is too long"));

    // One target: an API (resource or audience) or another application (audience).
    const audience = param(ctx, "audience") ?? param(ctx, "resource");
    if (!audience) return refuse(new errors.InvalidRequest("audience or resource is required"));
    if (
      param(ctx, "audience") &&
      param(ctx, "resource") &&
      param(ctx, "audience") !== param(ctx, "resource")
    )
      return refuse(new errors.InvalidTarget("audience and resource name different targets"));
    if (!policy.includes(audience))
      return refuse(
        new errors.InvalidTarget("this application may not exchange tokens for that audience"),
      );

    let subject: TokenSubject | undefined;
    try {
      subject = await subjectOf(subjectToken, subjectType, client);
    } catch (error) {
      if (error instanceof errors.OIDCProviderError) return refuse(error);
      throw error;
    }
    if (!subject)
      return refuse(new errors.InvalidGrant("subject_token is not a valid Lotse token"));
    const subjectFields = lotseFields(subject.client);
    if (subjectFields.lotseOrganizationId !== fields.lotseOrganizationId)
      return refuse(new errors.InvalidGrant("subject_token belongs to another organisation"));

    let act: Record<string, unknown> | undefined;
    const actorToken = param(ctx, "actor_token");
    if (actorToken) {
      const actorType = param(ctx, "actor_token_type");
      if (!actorType)
        return refuse(new errors.InvalidRequest("actor_token_type is required with actor_token"));
      let actor: TokenSubject | undefined;
      try {
        actor = await subjectOf(actorToken, actorType, client);
      } catch (error) {
        if (error instanceof errors.OIDCProviderError) return refuse(error);
        throw error;
      }
      if (!actor) return refuse(new errors.InvalidGrant("actor_token is not a valid Lotse token"));
      // The actor is the requesting client's own user: a token of another client cannot act here.
      if (actor.client.clientId !== client.clientId)
        return refuse(new errors.InvalidGrant("actor_token was issued to another client"));
      act = {
        sub: actor.accountId,
        client_id: client.clientId,
        ...(actor.act ? { act: actor.act } : {}),
      };
    } else if (subject.act) {
      act = subject.act;
    }

    // The person as the requesting client sees them (its sub mode): the stored identity.
    const identity = await deps.accounts.identityOf(subject.client.clientId, subject.accountId);
    if (!identity)
      return refuse(new errors.InvalidGrant("the person of subject_token is no longer known here"));

    const requestedType = requested.requested_token_type;
    const api = apiGrantOf(client, audience);
    const target = api ? undefined : await provider.Client.find(audience);
    if (!api && (!target || lotseFields(target).lotseOrganizationId !== fields.lotseOrganizationId))
      return refuse(
        new errors.InvalidTarget("the audience is no API or application of this organisation"),
      );

    if (requestedType === TOKEN_TYPES.idToken) {
      if (!target)
        return refuse(new errors.InvalidRequest("an ID token is only issued for an application"));
      const accountId = await deps.accounts.login(target, identity);
      // Its audience is the target application; only `sub` (scope openid) is in it.
      const idToken = new provider.IdToken({ sub: accountId }, { ctx, client: target } as never);
      (idToken as unknown as { scope: string }).scope = "openid";
      const value = await idToken.issue({ use: "idtoken", expiresAt: undefined });
      await success(event, requested, { subjectClient: subject.client.clientId, act: !!act });
      ctx.body = {
        access_token: value,
        issued_token_type: TOKEN_TYPES.idToken,
        token_type: "N_A",
        expires_in: lotseFields(target).lotseIdTokenTtl,
      };
      return;
    }
    if (requestedType !== TOKEN_TYPES.accessToken && requestedType !== TOKEN_TYPES.refreshToken)
      return refuse(
        new errors.InvalidRequest("requested_token_type must be an access, refresh or ID token"),
      );
    const wantsRefresh = requestedType === TOKEN_TYPES.refreshToken;
    if (wantsRefresh && !api)
      return refuse(new errors.InvalidRequest("a refresh token is only issued for an API"));
    if (wantsRefresh && !client.grantTypeAllowed("refresh_token"))
      return refuse(new errors.InvalidRequest("this application may not hold refresh tokens"));

    const accountId = await deps.accounts.login(client, identity);
    const scopes = (param(ctx, "scope") ?? (api ? api.scopes.join(" ") : "openid"))
      .split(" ")
      .filter(Boolean);
    const grant = new provider.Grant({ accountId, clientId: client.clientId });
    let resourceInfo: {
      scope: string;
      audience: string;
      accessTokenFormat: "jwt" | "opaque";
      accessTokenTTL: number;
      jwt?: { sign: { alg: "RS256" } };
    };
    if (api) {
      const allowed = scopes.filter((scope) => api.scopes.includes(scope));
      if (allowed.length === 0)
        return refuse(
          new errors.InvalidScope(
            "no scope of the API was granted to this application",
            scopes.join(" "),
          ),
        );
      grant.addResourceScope(api.identifier, allowed.join(" "));
      resourceInfo = {
        scope: allowed.join(" "),
        audience: api.identifier,
        accessTokenFormat: api.tokenFormat === "JWT" ? "jwt" : "opaque",
        accessTokenTTL: api.accessTokenTtl,
        ...(api.tokenFormat === "JWT" ? { jwt: { sign: { alg: "RS256" as const } } } : {}),
      };
    } else {
      // For another application: a JWT whose audience is that application's client id.
      grant.addResourceScope(audience, "openid");
      resourceInfo = {
        scope: "openid",
        audience,
        accessTokenFormat: "jwt",
        accessTokenTTL: fields.lotseAccessTokenTtl,
        jwt: { sign: { alg: "RS256" } },
      };
    }
    (grant as unknown as { expiresIn: number }).expiresIn = wantsRefresh
      ? fields.lotseRefreshTokenTtl
      : resourceInfo.accessTokenTTL;
    const grantId = await grant.save();
    if (wantsRefresh) {
      // The app redeems it at the token endpoint (refresh_token grant) for the API's tokens.
      const rt = new provider.RefreshToken({
        accountId,
        client,
        grantId,
        gty: TOKEN_EXCHANGE_GRANT,
        scope: resourceInfo.scope,
        resource: audience,
        ...(act ? { extra: { act } } : {}),
      } as never);
      const refreshToken = await rt.save();
      await success(event, requested, {
        subjectClient: subject.client.clientId,
        act: !!act,
        format: "refresh_token",
      });
      ctx.body = {
        access_token: refreshToken,
        issued_token_type: TOKEN_TYPES.refreshToken,
        token_type: "N_A",
        expires_in: rt.expiration,
        scope: resourceInfo.scope,
      };
      return;
    }
    const at = new provider.AccessToken({
      accountId,
      client,
      grantId,
      gty: TOKEN_EXCHANGE_GRANT,
      scope: resourceInfo.scope,
      ...(act ? { extra: { act } } : {}),
    } as never);
    at.resourceServer = new provider.ResourceServer(audience, resourceInfo as never);
    const value = await at.save();
    await success(event, requested, {
      subjectClient: subject.client.clientId,
      act: !!act,
      format: resourceInfo.accessTokenFormat,
    });
    ctx.body = {
      access_token: value,
      issued_token_type: TOKEN_TYPES.accessToken,
      token_type: "Bearer",
      expires_in: at.expiration,
      scope: resourceInfo.scope,
    };
  }

  async function success(
    event: Record<string, unknown>,
    requested: Record<string, unknown>,
    details: Record<string, unknown>,
  ): Promise<void> {
    await deps.audit.record({
      type: "token.exchanged",
      outcome: "SUCCESS",
      ...(event as object),
      details: { ...requested, ...details },
    } as never);
  }

  provider.registerGrantType(TOKEN_EXCHANGE_GRANT, handler, PARAMETERS);
}

/**
 * RFC 8693 §2.2.2 / RFC 6749 §5.2: an authenticated client not allowed token exchange is
 * `unauthorized_client` (oidc-provider says invalid_request for a grant type a client lacks).
 */
export function tokenExchangeClientCheck(provider: Provider): Middleware {
  return async (ctx, next) => {
    const form = formBody(ctx);
    if (
      ctx.method !== "POST" ||
      canonicalPath(ctx.path) !== ROUTES.token ||
      form?.get("grant_type") !== TOKEN_EXCHANGE_GRANT
    )
      return next();
    const authenticated = authenticatedClientOf(ctx);
    const client = authenticated
      ? await provider.Client.find(authenticated).catch(() => undefined)
      : undefined;
    if (client && !client.grantTypeAllowed(TOKEN_EXCHANGE_GRANT))
      return answerOAuthError(
        ctx,
        400,
        "unauthorized_client",
        "this application may not exchange tokens",
      );
    return next();
  };
}
