/**
 * Native flow B (DESIGN.md §4): `GET /connect/auth?…&provider=<issuer>&response_format=json`
 * answers `{"url": "<insurer authorization URL>"}` instead of redirecting.
 *
 * oidc-provider processes the request exactly as a browser's, so every check of a normal
 * authorization request applies (client, redirect_uri, PKCE, scope, …). This route only
 * wraps it: oidc-provider answers a valid request with a redirect to its interaction; we
 * then take the interaction step in-process (by uid, no cookie needed) and replace the
 * redirect with the JSON. A redirect to the app carrying `error`, or oidc-provider's error
 * page (rendered as JSON for this request, oidc/pages.ts), becomes a 400 JSON error.
 * No cookie is set: the app's HTTP client is not a browser, and the login is finished by
 * the exchange API, not by oidc-provider's resume endpoint.
 */
import type Router from "@koa/router";
import type { Context } from "koa";
import { applicationOf, beginUpstream, type BeginUpstreamDeps } from "../login/begin-upstream.js";
import { requestInfo } from "../audit/index.js";
import type { LoginDeps } from "../login/login-deps.js";
import { ApiError, answering, sendApiError } from "./api-error.js";
import { authorizeJsonResponse } from "./schemas.js";

const INTERACTION_PATH = /^\/connect\/interaction\/([^/]+)$/;
const FORM_POST = /^form_post(\.jwt)?$/;

export function wantsJson(query: Context["query"]): boolean {
  return query.response_format === "json";
}

export function registerJsonAuthorize(
  router: Router,
  deps: BeginUpstreamDeps & Pick<LoginDeps, "provider" | "prisma" | "applications">,
): void {
  router.get("/connect/auth", async (ctx, next) => {
    if (!wantsJson(ctx.query)) return next();
    // This flow answers in JSON (DESIGN.md §4). With response_mode=form_post (OAuth 2.0 Form
    // Post Response Mode §2) oidc-provider delivers an error as an auto-submitting HTML form,
    // which an app's HTTP client cannot read (found by fuzzing). The mode is meaningless
    // here anyway: the result reaches the app through the exchange API.
    if (typeof ctx.query.response_mode === "string" && FORM_POST.test(ctx.query.response_mode))
      return sendApiError(
        ctx,
        new ApiError(
          400,
          "invalid_request",
          "response_format=json answers in JSON; response_mode=form_post cannot be used with it.",
        ),
      );
    await next(); // oidc-provider's authorization endpoint
    ctx.remove("Set-Cookie");
    ctx.set("Cache-Control", "no-store");
    await answering(ctx, async () => {
      if (ctx.status >= 400) {
        // oidc-provider's error page, already JSON; every such error is the client's.
        ctx.status = 400;
        return;
      }
      const location = ctx.response.get("Location");
      const target = location ? new URL(location, deps.issuer) : undefined;
      ctx.remove("Location");
      const uid =
        target?.origin === new URL(deps.issuer).origin
          ? INTERACTION_PATH.exec(target.pathname)?.[1]
          : undefined;
      if (!target || !uid) {
        // A redirect to the app: an authorization error (RFC 6749 §4.1.2.1).
        const error = target?.searchParams.get("error");
        throw new ApiError(
          400,
          error ?? "invalid_request",
          target?.searchParams.get("error_description") ??
            "The authorization request cannot be answered as JSON.",
        );
      }
      ctx.body = authorizeJsonResponse.parse({ url: (await startNative(ctx, uid)).href });
      ctx.status = 200;
    });
  });

  async function startNative(ctx: Context, uid: string): Promise<URL> {
    const interaction = await deps.provider.Interaction.find(uid);
    if (!interaction)
      throw new ApiError(400, "invalid_request", "The authorization request expired.");
    const params = interaction.params as Record<string, unknown>;
    const requested = await applicationOf(deps, params);
    if (!requested) throw new ApiError(400, "invalid_client", "Unknown client.");
    const { application, scopes } = requested;
    const request = requestInfo(ctx);
    await deps.audit.record({
      type: "authorize.request",
      outcome: "SUCCESS",
      clientId: application.clientId,
      applicationId: application.id,
      flowId: uid,
      details: {
        scope: params.scope,
        redirect_uri: params.redirect_uri,
        provider: params.provider,
        response_format: "json",
      },
      ...request,
    });
    const fail = async (error: string, description: string) => {
      await interaction.destroy();
      return new ApiError(400, error, description);
    };
    if (typeof params.provider !== "string" || params.provider === "")
      throw await fail(
        "invalid_request",
        "response_format=json needs provider=<issuer of an IDP from /api/v1/idps>.",
      );
    const result = await beginUpstream(deps, {
      flowId: uid,
      application,
      scopes,
      params,
      idpIssuer: params.provider,
      nativeFlow: true,
      request,
    });
    if (!result.ok) throw await fail(result.failure.error, result.failure.error_description);
    return result.url;
  }
}
