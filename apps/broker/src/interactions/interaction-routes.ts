/**
 * The person-facing part of a login (oidc-provider's interaction, DESIGN.md §4):
 *   GET  /connect/interaction/:uid          the IDP chooser (or straight to the insurer with `provider=`)
 *   POST /connect/interaction/:uid          the person's choice, or cancel
 *   GET  /oidcf/signin                      where insurers return in the web flow
 *   GET  /connect/interaction/:uid/signin   the same callback, under the interaction cookie's path
 */
import type Router from "@koa/router";
import type { Context } from "koa";
import type Provider from "oidc-provider";
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { AuditLog } from "../audit/index.js";
import type { IdpDirectory } from "../federation/idp-directory.js";
import type { UpstreamClients } from "../federation/upstream-clients.js";
import type { UpstreamFlowStore } from "../federation/upstream-flow-store.js";
import type { UpstreamIdentity } from "../federation/upstream-identity.js";
import { chooserCsp, createCspNonce } from "./chooser/chooser-csp.js";
import { pickLocale } from "./chooser/locale.js";
import { renderChooser } from "./chooser/render-chooser.js";
import { errorPageCsp } from "./error-page/error-page-csp.js";
import { renderErrorPage } from "./error-page/render-error-page.js";
import { beginUpstream } from "./begin-upstream.js";
import { FormError, readForm } from "./read-form.js";
import { settleUpstreamCallback } from "./upstream-login.js";

/** Ends the interaction; both redirect the browser back into oidc-provider. */
export interface LoginCompletion {
  complete(ctx: Context, uid: string, identity: UpstreamIdentity): Promise<void>;
  fail(
    ctx: Context,
    uid: string,
    failure: { error: string; error_description: string },
  ): Promise<void>;
}

export interface InteractionDeps {
  provider: Provider;
  prisma: PrismaClient;
  idps: IdpDirectory;
  upstream: UpstreamClients;
  flows: UpstreamFlowStore;
  audit: AuditLog;
  logger: Logger;
  login: LoginCompletion;
  issuer: string;
  testingParameters: boolean;
}

function requestInfo(ctx: Context) {
  return { clientIp: ctx.ip, userAgent: ctx.get("user-agent") || null };
}

function sendErrorPage(ctx: Context, status: number, error: string, description?: string): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.set("Content-Security-Policy", errorPageCsp());
  ctx.set("Cache-Control", "no-store");
  const locale = pickLocale(null, ctx.get("accept-language"));
  ctx.body = renderErrorPage({ locale, error, ...(description ? { description } : {}) });
}

export function registerInteractionRoutes(router: Router, deps: InteractionDeps): void {
  const { provider, audit } = deps;

  /**
   * Chromium checks a form's CSP form-action against the redirect that answers it, so
   * the chooser must allow each insurer's authorization endpoint (which may live on
   * another origin than its issuer). Discovery is cached; an IDP that cannot be
   * discovered right now just contributes its issuer origin.
   */
  async function formActionOrigins(issuers: string[]): Promise<string[]> {
    const endpoints = await Promise.allSettled(
      issuers.map(
        async (issuer) =>
          (await deps.upstream.configFor(issuer)).serverMetadata().authorization_endpoint,
      ),
    );
    return [
      ...issuers,
      ...endpoints.flatMap((result) =>
        result.status === "fulfilled" && result.value ? [result.value] : [],
      ),
    ];
  }

  async function loadInteraction(ctx: Context) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== ctx.params.uid)
      throw Object.assign(new Error("interaction mismatch"), { status: 400 });
    const clientId = String(details.params.client_id);
    const application = await deps.prisma.application.findUnique({ where: { clientId } });
    if (!application) throw Object.assign(new Error("unknown client"), { status: 400 });
    const requested = String(details.params.scope ?? "")
      .split(" ")
      .filter(Boolean);
    const scopes = requested.filter((scope) => application.allowedScopes.includes(scope));
    return { details, application, scopes, params: details.params as Record<string, unknown> };
  }

  async function goUpstream(
    ctx: Context,
    loaded: Awaited<ReturnType<typeof loadInteraction>>,
    idpIssuer: string,
  ) {
    const result = await beginUpstream(deps, {
      flowId: loaded.details.uid,
      application: loaded.application,
      scopes: loaded.scopes,
      params: loaded.params,
      idpIssuer,
      nativeFlow: false,
      request: requestInfo(ctx),
    });
    if (!result.ok) return deps.login.fail(ctx, loaded.details.uid, result.failure);
    ctx.status = 303;
    ctx.redirect(result.url.href);
  }

  // A person who reaches a login page that expired, was finished, or belongs to another
  // browser gets a page that says so, not the JSON error of the API boundary.
  router.use(
    ["/connect/interaction/:uid", "/connect/interaction/:uid/signin"],
    async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (!status || status >= 500) throw error;
        sendErrorPage(
          ctx,
          400,
          "invalid_request",
          "This login has expired or is not known here. Please start again from the app.",
        );
      }
    },
  );

  router.get("/connect/interaction/:uid", async (ctx) => {
    const loaded = await loadInteraction(ctx);
    const { details, application, params } = loaded;
    await audit.record({
      type: "authorize.request",
      outcome: "SUCCESS",
      clientId: application.clientId,
      applicationId: application.id,
      flowId: details.uid,
      details: {
        scope: params.scope,
        redirect_uri: params.redirect_uri,
        provider: params.provider,
        prompt: details.prompt.name,
      },
      ...requestInfo(ctx),
    });
    // `provider=<issuer>` skips the chooser (DESIGN.md §4).
    if (typeof params.provider === "string" && params.provider !== "")
      return goUpstream(ctx, loaded, params.provider);

    const idps = await deps.idps.forApplication(application.allowedIdps);
    const nonce = createCspNonce();
    const query = typeof ctx.query.q === "string" ? ctx.query.q : null;
    ctx.type = "html";
    ctx.set("Cache-Control", "no-store");
    ctx.set(
      "Content-Security-Policy",
      chooserCsp(nonce, [
        ...(await formActionOrigins(idps.map((idp) => idp.issuer))),
        // With the testing shortcut the insurer answers at once, and the redirect chain
        // after the chooser's POST ends at the app's redirect URI.
        ...application.redirectUris,
      ]),
    );
    ctx.body = renderChooser({
      locale: pickLocale(
        typeof params.ui_locales === "string" ? params.ui_locales : null,
        ctx.get("accept-language"),
      ),
      application: { name: application.name, logoUri: application.logoUri },
      idps,
      formAction: `/connect/interaction/${details.uid}`,
      hiddenFields: {},
      cspNonce: nonce,
      query,
    });
  });

  router.post("/connect/interaction/:uid", async (ctx) => {
    const loaded = await loadInteraction(ctx);
    let form: URLSearchParams;
    try {
      form = await readForm(ctx);
    } catch (error) {
      if (error instanceof FormError)
        return sendErrorPage(ctx, error.status, "invalid_request", error.message);
      throw error;
    }
    if (form.get("cancel")) {
      await audit.record({
        type: "idp.chosen",
        outcome: "FAILURE",
        errorCode: "access_denied",
        errorDescription: "cancelled at the IDP chooser",
        clientId: loaded.application.clientId,
        applicationId: loaded.application.id,
        flowId: loaded.details.uid,
        ...requestInfo(ctx),
      });
      return deps.login.fail(ctx, loaded.details.uid, {
        error: "access_denied",
        error_description: "The person cancelled the login.",
      });
    }
    const idp = form.get("idp");
    if (!idp) return sendErrorPage(ctx, 400, "invalid_request", "No identity provider was chosen.");
    return goUpstream(ctx, loaded, idp);
  });

  // Insurers return here; the interaction cookie is scoped to the interaction's path,
  // so the browser is sent on to the same callback under that path.
  router.get("/oidcf/signin", async (ctx) => {
    const state = typeof ctx.query.state === "string" ? ctx.query.state : "";
    const uid = state ? await deps.flows.interactionOf(state) : undefined;
    if (!uid)
      return sendErrorPage(
        ctx,
        400,
        "invalid_request",
        "This sign-in link is unknown, was already used or has expired.",
      );
    ctx.status = 303;
    ctx.redirect(`/connect/interaction/${encodeURIComponent(uid)}/signin?${ctx.querystring}`);
  });

  router.get("/connect/interaction/:uid/signin", async (ctx) => {
    const query = new URLSearchParams(ctx.querystring);
    const state = query.get("state") ?? "";
    const flow = state ? await deps.flows.consume(state) : undefined;
    if (!flow || flow.interactionUid !== ctx.params.uid) {
      return sendErrorPage(
        ctx,
        400,
        "invalid_request",
        "This sign-in link is unknown, was already used or has expired.",
      );
    }
    const event = {
      clientId: flow.clientId,
      upstreamIdp: flow.idpIssuer,
      flowId: flow.flowId,
      ...requestInfo(ctx),
    };
    const result = await settleUpstreamCallback(deps, { flow, query, event });
    if ("failure" in result) {
      return deps.login.fail(ctx, flow.interactionUid, {
        error: result.failure.error,
        error_description: result.failure.description,
      });
    }
    return deps.login.complete(ctx, flow.interactionUid, result.identity);
  });
}
