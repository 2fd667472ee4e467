/**
 * Turns oidc-provider's events into audit events (DESIGN.md §5): codes and tokens
 * issued, refreshes, revocations, logouts, and every rejected request with its error.
 * The interaction uid is the login's flow id, so these join the chooser's and the
 * federation's events of the same login. An event names a client only when the request
 * proved it acts for it (attribution.ts).
 */
import type { EventEmitter } from "node:events";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { AuditEventInput, AuditLog } from "./audit-log.js";
import { requestInfo } from "./request-info.js";
import {
  attributionOf,
  grantAttributionOf,
  notePresentedGrantSource,
  type Attribution,
} from "./attribution.js";

/** Error events of endpoints whose rejections are audited as `request.rejected`. */
const REJECTION_EVENTS = [
  "introspection.error",
  "revocation.error",
  "userinfo.error",
  "end_session.error",
  "pushed_authorization_request.error",
  "backchannel.error",
  "registration_read.error",
  "jwks.error",
  "discovery.error",
] as const;

interface OidcError {
  error?: string;
  error_description?: string;
  message?: string;
}

type BaseFields = Pick<
  AuditEventInput,
  "clientId" | "applicationId" | "flowId" | "clientIp" | "userAgent" | "grantId" | "details"
>;

/**
 * The fields every event of this request shares; `details` are the event's own, to which
 * an unproven client id is added as `claimed_client_id` (admins only: the event has no client).
 */
function base(
  ctx: KoaContextWithOIDC,
  details: Record<string, unknown> = {},
  attribution: Attribution = attributionOf(ctx),
): BaseFields {
  const oidc = ctx.oidc as KoaContextWithOIDC["oidc"] | undefined;
  const entities = (oidc?.entities ?? {}) as Record<
    string,
    { grantId?: string; uid?: string } | undefined
  >;
  const grantId =
    entities.Grant && "jti" in entities.Grant
      ? String((entities.Grant as { jti: string }).jti)
      : (entities.AccessToken?.grantId ??
        entities.RefreshToken?.grantId ??
        entities.AuthorizationCode?.grantId ??
        null);
  return {
    clientId: attribution.clientId,
    applicationId: attribution.applicationId,
    // oidc-provider's context has no uid of its own; the interaction that the resumed
    // authorization request loaded carries it.
    flowId: entities.Interaction?.uid ?? null,
    grantId,
    ...requestInfo(ctx),
    details: attribution.claimedClientId
      ? { ...details, claimed_client_id: attribution.claimedClientId }
      : details,
  };
}

function failure(error: unknown): Pick<AuditEventInput, "errorCode" | "errorDescription"> {
  const err = error as OidcError;
  return {
    errorCode: err.error ?? "server_error",
    errorDescription: err.error_description ?? null,
  };
}

const PENDING = "lotseAuditPending";

/** Holds a request's answer until the audit events its handling emitted are written. */
function awaitAuditedEvents() {
  return async (ctx: { state: Record<string, unknown> }, next: () => Promise<void>) => {
    await next();
    const pending = ctx.state[PENDING] as Promise<void>[] | undefined;
    if (pending?.length) await Promise.allSettled(pending);
  };
}

export function auditProviderEvents(provider: Provider, audit: AuditLog): void {
  // The request's answer waits for its events (awaitAuditedEvents below): a token the client
  // received always has its event, also when the instance dies right after answering.
  const record = (ctx: KoaContextWithOIDC, event: AuditEventInput) => {
    const written = audit.record(event);
    const state = ctx.state as Record<string, unknown> | undefined;
    if (state) ((state[PENDING] ??= []) as Promise<void>[]).push(written);
    else void written;
  };
  // @types/oidc-provider lists only some of the events oidc-provider 9 emits; it is an
  // EventEmitter, so listen through that type.
  const events = provider as unknown as EventEmitter;

  // Before oidc-provider handles a token request: what it presents is the proof (attribution.ts).
  provider.use(notePresentedGrantSource(provider));
  provider.use(awaitAuditedEvents());

  events.on("authorization.success", (ctx: KoaContextWithOIDC) => {
    record(ctx, {
      type: "code.issued",
      outcome: "SUCCESS",
      ...base(
        ctx,
        { redirect_uri: ctx.oidc.params?.redirect_uri },
        attributionOf(ctx, { frontChannel: true }),
      ),
    });
  });
  events.on("authorization.error", (ctx: KoaContextWithOIDC, error: unknown) => {
    record(ctx, {
      type: "authorize.rejected",
      outcome: "FAILURE",
      ...base(
        ctx,
        { redirect_uri: ctx.oidc?.params?.redirect_uri, scope: ctx.oidc?.params?.scope },
        attributionOf(ctx, { frontChannel: true }),
      ),
      ...failure(error),
    });
  });
  events.on("grant.success", (ctx: KoaContextWithOIDC) => {
    const grantType = String(ctx.oidc.params?.grant_type ?? "");
    record(ctx, {
      type: grantType === "refresh_token" ? "token.refreshed" : "token.issued",
      outcome: "SUCCESS",
      ...base(ctx, { grant_type: grantType }),
    });
  });
  events.on("grant.error", (ctx: KoaContextWithOIDC, error: unknown) => {
    record(ctx, {
      type: "token.rejected",
      outcome: "FAILURE",
      ...base(ctx, { grant_type: ctx.oidc?.params?.grant_type }),
      ...failure(error),
    });
  });
  events.on("grant.revoked", (ctx: KoaContextWithOIDC, grantId: string) => {
    record(ctx, {
      type: "token.revoked",
      outcome: "SUCCESS",
      ...base(ctx, {}, grantAttributionOf(ctx, grantId)),
      grantId,
    });
  });
  events.on("end_session.success", (ctx: KoaContextWithOIDC) => {
    record(ctx, {
      type: "logout",
      outcome: "SUCCESS",
      ...base(ctx, {}, attributionOf(ctx, { logout: true })),
    });
  });
  for (const name of REJECTION_EVENTS) {
    events.on(name, (ctx: KoaContextWithOIDC, error: unknown) => {
      record(ctx, {
        type: "request.rejected",
        outcome: "FAILURE",
        ...base(ctx, { endpoint: name.split(".")[0] }),
        ...failure(error),
      });
    });
  }
  events.on("server_error", (ctx: KoaContextWithOIDC, error: unknown) => {
    record(ctx, {
      type: "request.rejected",
      outcome: "FAILURE",
      ...base(ctx, { path: ctx.path }),
      errorCode: "server_error",
      errorDescription: (error as Error)?.message?.slice(0, 200) ?? null,
    });
  });
}
