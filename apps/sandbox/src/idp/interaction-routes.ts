import type Router from "@koa/router";
import type { Context } from "koa";
import { errors, type InteractionResults } from "oidc-provider";
import { isTelematikScope, maskKvnr, TELEMATIK_SCOPE_CLAIMS } from "@lotse/domain";
import type { Logger } from "@lotse/server";
import { readForm } from "../html/read-form.js";
import { findPersonAt, personsAt, type TestPerson } from "../identities/test-persons.js";
import { assertedAcr } from "./acr.js";
import { AMR_OTHER } from "./create-idp-provider.js";
import { errorPageHtml, PAGE_CSP_BASE } from "./error-page.js";
import { idpLogoUri } from "./idp-registry.js";
import { loginPageHtml, type LoginPageModel } from "./login-page.js";
import { localeFrom, LOGIN_TEXTS } from "./login-texts.js";
import type { SandboxIdp } from "./sandbox-idp.js";
import { isSimulation } from "./simulation.js";

type Interaction = Awaited<ReturnType<SandboxIdp["provider"]["interactionDetails"]>>;

/**
 * The insurer's login interaction at `<mount>/interaction/:uid`: the page (GET), its form
 * (POST), and the gematik testing shortcut that logs a named person in without a page.
 */
export function registerInteractionRoutes(
  router: Router,
  idp: SandboxIdp,
  options: { sandboxUrl: string; logger: Logger },
): void {
  const path = `${idp.mountPath}/interaction/:uid`;
  const logger = options.logger.child({ idp: idp.definition.name });

  router.get(path, async (ctx) => {
    const interaction = await loadInteraction(ctx, idp);
    if (!interaction) return;
    const { params } = interaction;
    // gematik test mode: the authorization request names the person to log in.
    if (params.gematik_enable_testing === "true" && typeof params.gematik_login_user === "string") {
      const person = findPersonAt(idp.definition.name, params.gematik_login_user);
      if (!person) {
        logger.info("testing login for an unknown identity refused");
        return finish(ctx, idp, {
          error: "access_denied",
          error_description: "gematik_login_user is not a test identity of this insurer",
        });
      }
      // Debug, not info: the bench, the e2e tests and scripted logins come this way by the
      // thousand, and each info line is a synchronous write (plus the log collector's work).
      logger.debug({ kvnr: maskKvnr(person.kvnr) }, "testing login");
      return approve(ctx, idp, interaction, person, []);
    }
    await renderPage(ctx, idp, interaction, options.sandboxUrl, {});
  });

  // No CSRF token needed: the interaction is found by oidc-provider's SameSite=Lax cookie,
  // which a cross-site form post does not carry (RFC 6265bis §8.8).
  router.post(path, async (ctx) => {
    const interaction = await loadInteraction(ctx, idp);
    if (!interaction) return;
    const form = await readForm(ctx);
    if (form.get("action") === "cancel") {
      logger.info("login cancelled");
      // OIDC Core §3.1.2.6: the person refused, the client gets access_denied (with its state).
      return finish(ctx, idp, {
        error: "access_denied",
        error_description: "The insured person cancelled the login.",
      });
    }
    const kept = new Set(form.getAll("claim"));
    const requested = requestedClaims(interaction);
    const declined = requested.filter((claim) => !kept.has(claim));
    const person = findPersonAt(idp.definition.name, form.get("identity") ?? "");
    if (!person) {
      ctx.status = 400;
      const locale = localeFrom(interaction.params.ui_locales);
      await renderPage(ctx, idp, interaction, options.sandboxUrl, {
        declinedClaims: declined,
        error: LOGIN_TEXTS[locale].noIdentity,
      });
      return;
    }
    logger.info({ kvnr: maskKvnr(person.kvnr), declined: declined.length }, "login approved");
    return approve(ctx, idp, interaction, person, declined);
  });
}

/** The pending interaction from its cookie, or an error page when there is none. */
async function loadInteraction(ctx: Context, idp: SandboxIdp): Promise<Interaction | undefined> {
  try {
    const interaction = await idp.provider.interactionDetails(ctx.req, ctx.res);
    if (interaction.uid === ctx.params.uid) return interaction;
  } catch (error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
  }
  ctx.status = 400;
  ctx.set("Content-Security-Policy", PAGE_CSP_BASE);
  ctx.type = "html";
  ctx.body = errorPageHtml(
    "invalid_request",
    "This login has expired or was started elsewhere. Return to the application and start again.",
  );
  return undefined;
}

/** The telematik claims the authorization request asks for, in scope order. */
function requestedClaims(interaction: Interaction): string[] {
  const scopes = String(interaction.params.scope ?? "").split(" ");
  return scopes.filter(isTelematikScope).flatMap((scope) => [...TELEMATIK_SCOPE_CLAIMS[scope]]);
}

/**
 * Logs the person in and records consent: requested scopes are granted, a scope whose
 * every claim was declined is rejected, single declined claims are rejected
 * (oidc-provider then leaves them out of the ID token).
 */
async function approve(
  ctx: Context,
  idp: SandboxIdp,
  interaction: Interaction,
  person: TestPerson,
  declinedClaims: string[],
): Promise<void> {
  const accountId = idp.accounts.subjectFor(person.kvnr);
  const declined = new Set(declinedClaims);
  const requestedScopes = String(interaction.params.scope ?? "").split(" ");
  const granted = requestedScopes.filter(
    (scope) =>
      !isTelematikScope(scope) || TELEMATIK_SCOPE_CLAIMS[scope].some((c) => !declined.has(c)),
  );
  const rejected = requestedScopes.filter((scope) => !granted.includes(scope));

  const grant = new idp.provider.Grant({
    accountId,
    clientId: String(interaction.params.client_id),
  });
  grant.addOIDCScope(granted.join(" "));
  if (rejected.length) grant.rejectOIDCScope(rejected.join(" "));
  if (declinedClaims.length) grant.rejectOIDCClaims(declinedClaims);
  const grantId = await grant.save();

  const simulate = interaction.params.sandbox_simulate;
  idp.simulations.remember(grantId, isSimulation(simulate) ? simulate : undefined);

  return finish(ctx, idp, {
    login: {
      accountId,
      acr: assertedAcr(interaction.params.acr_values),
      amr: AMR_OTHER,
      remember: false,
    },
    consent: { grantId },
  });
}

/** Hands the result to oidc-provider and sends the browser on to its resume endpoint. */
async function finish(ctx: Context, idp: SandboxIdp, result: InteractionResults): Promise<void> {
  const returnTo = await idp.provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

async function renderPage(
  ctx: Context,
  idp: SandboxIdp,
  interaction: Interaction,
  sandboxUrl: string,
  state: Pick<LoginPageModel, "declinedClaims" | "error">,
): Promise<void> {
  const clientId = String(interaction.params.client_id);
  const client = await idp.provider.Client.find(clientId);
  // The broker's own callback is the first redirect URI of its entity configuration (its
  // current registration); any other is an app's, and the page is the authenticator app
  // the authorization URL opened on a phone.
  const redirectUri = String(interaction.params.redirect_uri ?? "");
  const toApp = redirectUri !== "" && redirectUri !== client?.redirectUris?.[0];
  ctx.set("Content-Security-Policy", PAGE_CSP_BASE);
  ctx.set("Cache-Control", "no-store");
  ctx.type = "html";
  ctx.body = loginPageHtml({
    locale: localeFrom(interaction.params.ui_locales),
    organizationName: idp.definition.organizationName,
    logoPath: new URL(idpLogoUri(sandboxUrl, idp.definition.name)).pathname,
    clientName: client?.clientName ?? clientId,
    clientId,
    formAction: `${idp.mountPath}/interaction/${interaction.uid}`,
    persons: personsAt(idp.definition.name),
    requestedClaims: requestedClaims(interaction),
    ...(toApp ? { appRedirectUri: redirectUri } : {}),
    ...state,
  });
}

// No CSP form-action here: it also governs every redirect after the form post (CSP 3
// §6.4.1), and the login's answer travels on through the broker to the relying app,
// whose origin an insurer cannot know. Real IDPs' login pages do not restrict it either.
