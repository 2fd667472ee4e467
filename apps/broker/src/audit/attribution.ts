/**
 * Which application an oidc-provider event belongs to (docs/security.md "Data isolation
 * between organisations"). The portal shows developers the events whose client id is one of
 * their organisation's applications, so naming a client_id must not be enough to put an
 * event there: an event carries a client only when the request proved it acts for that
 * client. Otherwise it carries none, and the id it named goes to `details.claimed_client_id`,
 * which only admins see.
 *
 * What proves it:
 * - the client's secret verified (applications/client-auth.ts, RFC 6749 §2.3.1);
 * - something oidc-provider issued to the client that the request presented: the interaction
 *   it resumes, a pushed request, a code, a refresh or access token, a CIBA request, a grant,
 *   an ID token hint;
 * - at the token endpoint, the code, refresh token or CIBA request it presented, looked up
 *   before oidc-provider runs (`notePresentedGrantSource`): oidc-provider names it only on
 *   success, and a replay deletes it with its grant before the event is emitted;
 * - for a logout, that the browser session it ends held a login at the client. ("Stay
 *   signed in" on the logout page drops that login before oidc-provider reports the logout,
 *   so such a logout is recorded for admins only.)
 * - at the authorization endpoint, a redirect_uri the client registered. A front-channel
 *   request cannot authenticate a client (RFC 6749 §3.1.2, RFC 9700 §4.1): this is the
 *   condition under which oidc-provider answers at the application at all, and opens the
 *   interaction through which the login's later events are attributed. A request with an
 *   unregistered redirect_uri is refused on the broker's error page and attributed to nobody.
 */
import type { Middleware } from "koa";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { authenticatedClientOf } from "../applications/client-auth.js";
import { lotseFields } from "../applications/client-metadata.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { formBody } from "../protection/form-body.js";

export interface Attribution {
  clientId: string | null;
  applicationId: string | null;
  /** The client id the request named but did not prove; null when proven or none named. */
  claimedClientId: string | null;
}

/** What a token request presented, and whom oidc-provider issued it to. */
interface PresentedSource {
  clientId: string;
  grantId: string | null;
}

const PRESENTED = "lotsePresentedGrantSource";

/** Entities oidc-provider issued to one client; each names it as `clientId`. */
const ISSUED_ENTITIES = [
  "AuthorizationCode",
  "RefreshToken",
  "RotatedRefreshToken",
  "AccessToken",
  "BackchannelAuthenticationRequest",
  "PushedAuthorizationRequest",
  "Grant",
] as const;

type Issued = { clientId?: string; grantId?: string } | undefined;

/** Per grant type: the parameter that carries what was issued, and how to find it. */
const GRANT_SOURCES: Record<
  string,
  { param: string; find(p: Provider, v: string): Promise<Issued> }
> = {
  authorization_code: {
    param: "code",
    find: (p, v) => p.AuthorizationCode.find(v, { ignoreExpiration: true }),
  },
  refresh_token: {
    param: "refresh_token",
    find: (p, v) => p.RefreshToken.find(v, { ignoreExpiration: true }),
  },
  "urn:openid:params:grant-type:ciba": {
    param: "auth_req_id",
    find: (p, v) => p.BackchannelAuthenticationRequest.find(v, { ignoreExpiration: true }),
  },
};

/**
 * Runs before oidc-provider (`provider.use`): for a token request whose client did not
 * authenticate with a secret, notes whom the code, refresh token or CIBA request it presents
 * was issued to. One lookup by id; the grant itself is left to oidc-provider.
 */
export function notePresentedGrantSource(provider: Provider): Middleware {
  return async (ctx, next) => {
    if (
      ctx.method === "POST" &&
      canonicalPath(ctx.path) === ROUTES.token &&
      !authenticatedClientOf(ctx)
    ) {
      const form = formBody(ctx);
      const source = form && GRANT_SOURCES[single(form, "grant_type") ?? ""];
      const value = source && single(form, source.param);
      if (source && value) {
        try {
          const found = await source.find(provider, value);
          if (found?.clientId)
            ctx.state[PRESENTED] = {
              clientId: found.clientId,
              grantId: found.grantId ?? null,
            } satisfies PresentedSource;
        } catch {
          // Not a value oidc-provider could have issued: nothing presented, nothing proven.
        }
      }
    }
    return next();
  };
}

/** A parameter given exactly once (oidc-provider refuses repeated ones anyway). */
function single(form: URLSearchParams, name: string): string | undefined {
  const values = form.getAll(name);
  return values.length === 1 && values[0] ? values[0] : undefined;
}

type Entities = Record<string, { clientId?: unknown; grantId?: unknown } | undefined>;

function oidcOf(ctx: KoaContextWithOIDC): KoaContextWithOIDC["oidc"] | undefined {
  return ctx.oidc as KoaContextWithOIDC["oidc"] | undefined;
}

function entitiesOf(ctx: KoaContextWithOIDC): Entities {
  return (oidcOf(ctx)?.entities ?? {}) as Entities;
}

function presentedOf(ctx: KoaContextWithOIDC): PresentedSource | undefined {
  return ctx.state?.[PRESENTED] as PresentedSource | undefined;
}

/** The logins the browser session holds, by client id (logout). */
function sessionLogins(ctx: KoaContextWithOIDC): Record<string, { grantId?: string } | undefined> {
  const session = oidcOf(ctx)?.session as
    { authorizations?: Record<string, { grantId?: string } | undefined> } | undefined;
  return session?.authorizations ?? {};
}

function issuedTo(ctx: KoaContextWithOIDC, clientId: string): boolean {
  const entities = entitiesOf(ctx);
  if (ISSUED_ENTITIES.some((name) => entities[name]?.clientId === clientId)) return true;
  const interaction = entities.Interaction as { params?: { client_id?: unknown } } | undefined;
  if (interaction?.params?.client_id === clientId) return true;
  const hint = entities.IdTokenHint as { payload?: { aud?: unknown } } | undefined;
  const audience = hint?.payload?.aud;
  if (audience === clientId || (Array.isArray(audience) && audience.includes(clientId)))
    return true;
  return presentedOf(ctx)?.clientId === clientId;
}

function registeredRedirectUri(ctx: KoaContextWithOIDC): boolean {
  const oidc = oidcOf(ctx);
  if (!oidc?.client) return false;
  if ((oidc as { redirectUriCheckPerformed?: boolean }).redirectUriCheckPerformed) return true;
  const redirectUri = (oidc.params as Record<string, unknown> | undefined)?.redirect_uri;
  return typeof redirectUri === "string" && oidc.client.redirectUriAllowed(redirectUri);
}

function claimedClientId(ctx: KoaContextWithOIDC): string | null {
  const oidc = oidcOf(ctx);
  if (oidc?.client) return oidc.client.clientId;
  const named = (oidc?.params as Record<string, unknown> | undefined)?.client_id;
  return typeof named === "string" && named !== "" ? named : null;
}

function proven(ctx: KoaContextWithOIDC, clientId: string): Attribution {
  const client = oidcOf(ctx)?.client;
  return {
    clientId,
    applicationId: client?.clientId === clientId ? lotseFields(client).lotseApplicationId : null,
    claimedClientId: null,
  };
}

const unproven = (claimed: string | null): Attribution => ({
  clientId: null,
  applicationId: null,
  claimedClientId: claimed,
});

/**
 * The attribution of an event about the request's client. `frontChannel`: an authorization
 * endpoint event; `logout`: the end of a browser session.
 */
export function attributionOf(
  ctx: KoaContextWithOIDC,
  how: { frontChannel?: boolean; logout?: boolean } = {},
): Attribution {
  const client = oidcOf(ctx)?.client;
  if (!client) return unproven(claimedClientId(ctx));
  const id = client.clientId;
  if (
    authenticatedClientOf(ctx) === id ||
    issuedTo(ctx, id) ||
    (how.frontChannel && registeredRedirectUri(ctx)) ||
    (how.logout && sessionLogins(ctx)[id] !== undefined)
  )
    return proven(ctx, id);
  return unproven(id);
}

/**
 * The attribution of a revoked grant: the client it was issued to, as far as the request
 * proved it held the grant (the code or token it presented, or its browser session): a
 * logout may revoke the grants of every client its session logged in to, whatever client the
 * request named.
 */
export function grantAttributionOf(ctx: KoaContextWithOIDC, grantId: string): Attribution {
  const presented = presentedOf(ctx);
  if (presented?.grantId === grantId) return proven(ctx, presented.clientId);
  for (const entity of Object.values(entitiesOf(ctx)))
    if (entity?.grantId === grantId && typeof entity.clientId === "string")
      return proven(ctx, entity.clientId);
  for (const [clientId, login] of Object.entries(sessionLogins(ctx)))
    if (login?.grantId === grantId) return proven(ctx, clientId);
  return unproven(claimedClientId(ctx));
}
