/**
 * Turns oidc-provider's events into audit events (DESIGN.md §5): codes and tokens
 * issued, refreshes, revocations, logouts, and every rejected request with its error.
 * The interaction uid is the login's flow id, so these join the chooser's and the
 * federation's events of the same login.
 */
import type { EventEmitter } from "node:events";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { AuditEventInput, AuditLog } from "./audit-log.js";

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

function base(
  ctx: KoaContextWithOIDC,
): Pick<AuditEventInput, "clientId" | "flowId" | "clientIp" | "userAgent" | "grantId"> {
  const oidc = ctx.oidc as KoaContextWithOIDC["oidc"] | undefined;
  const params = (oidc?.params ?? {}) as Record<string, unknown>;
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
    clientId:
      oidc?.client?.clientId ?? (typeof params.client_id === "string" ? params.client_id : null),
    // oidc-provider's context has no uid of its own; the interaction that the resumed
    // authorization request loaded carries it.
    flowId: entities.Interaction?.uid ?? null,
    grantId,
    clientIp: ctx.ip,
    userAgent: ctx.get("user-agent") || null,
  };
}

function failure(error: unknown): Pick<AuditEventInput, "errorCode" | "errorDescription"> {
  const err = error as OidcError;
  return {
    errorCode: err.error ?? "server_error",
    errorDescription: err.error_description ?? null,
  };
}

export function auditProviderEvents(provider: Provider, audit: AuditLog): void {
  const record = (event: AuditEventInput) => void audit.record(event);
  // @types/oidc-provider lists only some of the events oidc-provider 9 emits; it is an
  // EventEmitter, so listen through that type.
  const events = provider as unknown as EventEmitter;

  events.on("authorization.success", (ctx: KoaContextWithOIDC) => {
    record({
      type: "code.issued",
      outcome: "SUCCESS",
      ...base(ctx),
      details: { redirect_uri: ctx.oidc.params?.redirect_uri },
    });
  });
  events.on("authorization.error", (ctx: KoaContextWithOIDC, error: unknown) => {
    record({
      type: "authorize.rejected",
      outcome: "FAILURE",
      ...base(ctx),
      ...failure(error),
      details: { redirect_uri: ctx.oidc?.params?.redirect_uri, scope: ctx.oidc?.params?.scope },
    });
  });
  events.on("grant.success", (ctx: KoaContextWithOIDC) => {
    const grantType = String(ctx.oidc.params?.grant_type ?? "");
    record({
      type: grantType === "refresh_token" ? "token.refreshed" : "token.issued",
      outcome: "SUCCESS",
      ...base(ctx),
      details: { grant_type: grantType },
    });
  });
  events.on("grant.error", (ctx: KoaContextWithOIDC, error: unknown) => {
    record({
      type: "token.rejected",
      outcome: "FAILURE",
      ...base(ctx),
      ...failure(error),
      details: { grant_type: ctx.oidc?.params?.grant_type },
    });
  });
  events.on("grant.revoked", (ctx: KoaContextWithOIDC, grantId: string) => {
    record({ type: "token.revoked", outcome: "SUCCESS", ...base(ctx), grantId });
  });
  events.on("end_session.success", (ctx: KoaContextWithOIDC) => {
    record({ type: "logout", outcome: "SUCCESS", ...base(ctx) });
  });
  for (const name of REJECTION_EVENTS) {
    events.on(name, (ctx: KoaContextWithOIDC, error: unknown) => {
      record({
        type: "request.rejected",
        outcome: "FAILURE",
        ...base(ctx),
        ...failure(error),
        details: { endpoint: name.split(".")[0] },
      });
    });
  }
  events.on("server_error", (ctx: KoaContextWithOIDC, error: unknown) => {
    record({
      type: "request.rejected",
      outcome: "FAILURE",
      ...base(ctx),
      errorCode: "server_error",
      errorDescription: (error as Error)?.message?.slice(0, 200) ?? null,
      details: { path: ctx.path },
    });
  });
}
