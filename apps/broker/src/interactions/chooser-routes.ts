/**
 * The person-facing start of a login (oidc-provider's interaction, DESIGN.md §4), a front
 * end of login/begin-upstream.ts:
 *   GET  /connect/interaction/:uid   the IDP chooser (or straight to the insurer with `provider=`)
 *   POST /connect/interaction/:uid   the person's choice, or cancel
 */
import type Router from "@koa/router";
import type { Context } from "koa";
import { applicationOf, beginUpstream } from "../login/begin-upstream.js";
import { failLogin } from "../login/complete-login.js";
import type { LoginDeps } from "../login/login-deps.js";
import { launchDetails } from "../login/smart-context.js";
import { chooserCsp, createCspNonce } from "./chooser/chooser-csp.js";
import { renderChooser } from "./chooser/render-chooser.js";
import { pickLocale } from "./pages/locale.js";
import { FormError, readForm } from "./read-form.js";
import { requestInfo } from "../audit/index.js";
import { seeOther, sendErrorPage } from "./send-page.js";

export function registerChooserRoutes(router: Router, deps: LoginDeps): void {
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
    const params = details.params as Record<string, unknown>;
    const requested = await applicationOf(deps, params);
    if (!requested) throw Object.assign(new Error("unknown client"), { status: 400 });
    return { details, params, ...requested };
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
    if (!result.ok)
      return seeOther(ctx, await failLogin(provider, loaded.details.uid, result.failure));
    seeOther(ctx, result.url.href);
  }

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
    const launch = deps.smart ? await launchDetails(deps.smart, params) : undefined;
    if (launch)
      await audit.record({
        type: "smart.launch",
        outcome: "SUCCESS",
        clientId: application.clientId,
        applicationId: application.id,
        flowId: details.uid,
        details: launch,
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
      return seeOther(
        ctx,
        await failLogin(provider, loaded.details.uid, {
          error: "access_denied",
          error_description: "The person cancelled the login.",
        }),
      );
    }
    const idp = form.get("idp");
    if (!idp) return sendErrorPage(ctx, 400, "invalid_request", "No identity provider was chosen.");
    return goUpstream(ctx, loaded, idp);
  });
}
