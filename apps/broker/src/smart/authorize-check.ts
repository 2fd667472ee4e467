/**
 * SMART's checks on an authorization request, before oidc-provider takes it (SMART 2.2
 * §2.0.5–§2.0.6): a request must not get a token for the wrong server, so an `aud` that is
 * not the application's FHIR base, or a `launch` that is unknown, expired, another
 * application's or for another server, stops here with an error page for the person
 * (never a redirect to the app with a code). The launcher's simulated authorize errors
 * (`auth_invalid_client_id`, `auth_invalid_redirect_uri`, `auth_invalid_scope`) are
 * answered here as the real ones would be. PAR requests get the same checks as JSON errors.
 */
import type { Context, Middleware } from "koa";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { lotseFields } from "../applications/client-metadata.js";
import { requestInfo, type AuditLog } from "../audit/index.js";
import { renderError } from "../oidc/pages.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { formBody } from "../protection/form-body.js";
import { answerOAuthError } from "../protection/oauth-error.js";
import type { LaunchStore } from "./launches.js";
import { sameFhirBase, scopeList } from "./scopes.js";

interface Refusal {
  error: string;
  description: string;
  /** Send the person back to the app with the error (only once the redirect URI is known good). */
  redirectTo?: string;
}

type Params = (name: string) => string | undefined;

function single(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

async function check(
  provider: Provider,
  launches: LaunchStore,
  param: Params,
): Promise<{ refusal?: Refusal; clientId?: string; applicationId?: string; launch?: object }> {
  const clientId = param("client_id");
  const aud = param("aud");
  const launchValue = param("launch");
  if (!clientId || (aud === undefined && launchValue === undefined && !smartScopeAsked(param)))
    return {};
  const client = await provider.Client.find(clientId).catch(() => undefined);
  const smart = client ? lotseFields(client).lotseSmart : undefined;
  // Unknown clients, and applications without SMART, are oidc-provider's business as usual.
  if (!client || !smart) return {};
  const applicationId = lotseFields(client).lotseApplicationId;
  const base = { clientId, applicationId };

  if (aud === undefined)
    return {
      ...base,
      refusal: {
        error: "invalid_request",
        description: "A SMART authorization request needs aud: the FHIR base URL of the server.",
      },
    };
  if (!sameFhirBase(aud, smart.fhirBaseUrl))
    return {
      ...base,
      refusal: {
        error: "invalid_request",
        description: `aud is not the FHIR server this application is registered for.`,
      },
    };
  if (launchValue === undefined) return base;

  const launch = await launches.find(launchValue);
  if (!launch || launch.applicationId !== applicationId)
    return {
      ...base,
      refusal: {
        error: "invalid_request",
        description: "The launch is unknown or has expired. Start the app again from the EHR.",
      },
    };
  const launchInfo = {
    launchType: launch.launchType,
    fhirBaseUrl: launch.fhirBaseUrl,
    simulatedError: launch.simulatedError,
  };
  if (!sameFhirBase(aud, launch.fhirBaseUrl))
    return {
      ...base,
      launch: launchInfo,
      refusal: {
        error: "invalid_request",
        description: "aud is not the FHIR server this launch was made for.",
      },
    };
  switch (launch.simulatedError) {
    case "auth_invalid_client_id":
      return {
        ...base,
        launch: launchInfo,
        refusal: {
          error: "invalid_client",
          description: "Simulated invalid client_id (SMART launcher).",
        },
      };
    case "auth_invalid_redirect_uri":
      return {
        ...base,
        launch: launchInfo,
        refusal: {
          error: "invalid_request",
          description: "Simulated invalid redirect_uri (SMART launcher).",
        },
      };
    case "auth_invalid_scope": {
      const redirectUri = param("redirect_uri");
      const known = redirectUri !== undefined && client.redirectUriAllowed(redirectUri);
      const url = known ? new URL(redirectUri) : undefined;
      if (url) {
        url.searchParams.set("error", "invalid_scope");
        url.searchParams.set("error_description", "Simulated invalid scope (SMART launcher).");
        const state = param("state");
        if (state !== undefined) url.searchParams.set("state", state);
        url.searchParams.set("iss", provider.issuer);
      }
      return {
        ...base,
        launch: launchInfo,
        refusal: {
          error: "invalid_scope",
          description: "Simulated invalid scope (SMART launcher).",
          ...(url ? { redirectTo: url.href } : {}),
        },
      };
    }
    default:
      return { ...base, launch: launchInfo };
  }
}

/** A resource scope or a launch scope asks for SMART even without aud. */
function smartScopeAsked(param: Params): boolean {
  return scopeList(param("scope")).some(
    (scope) => /^(patient|user|system)\//.test(scope) || scope.startsWith("launch"),
  );
}

export function smartAuthorizeCheck(
  provider: Provider,
  launches: LaunchStore,
  audit: AuditLog,
): Middleware {
  return async (ctx: Context, next) => {
    const path = canonicalPath(ctx.path);
    const isAuthorize = ctx.method === "GET" && path === ROUTES.authorization;
    const isPar = ctx.method === "POST" && path === ROUTES.pushed_authorization_request;
    if (!isAuthorize && !isPar) return next();
    // A request_uri (PAR) was checked when it was pushed.
    if (isAuthorize && ctx.query.request_uri !== undefined) return next();
    const form = isPar ? formBody(ctx) : undefined;
    if (isPar && !form) return next();
    const param: Params = isPar
      ? (name) => (form!.getAll(name).length === 1 ? form!.get(name)! : undefined)
      : (name) => single(ctx.query[name]);

    const result = await check(provider, launches, param);
    // A refused request ends here, before any flow exists; a launch that passes is
    // recorded in its flow by the interaction (login/smart-context.ts launchDetails).
    if (result.refusal) {
      await audit.record({
        type: "smart.launch",
        outcome: "FAILURE",
        errorCode: result.refusal.error,
        errorDescription: result.refusal.description,
        ...(result.clientId ? { clientId: result.clientId } : {}),
        ...(result.applicationId ? { applicationId: result.applicationId } : {}),
        details: { ...(result.launch ?? {}), aud: param("aud") ?? null, par: isPar },
        ...requestInfo(ctx),
      });
    }
    const refusal = result.refusal;
    if (!refusal) return next();
    if (refusal.redirectTo && isAuthorize) {
      ctx.status = 303;
      return ctx.redirect(refusal.redirectTo);
    }
    if (isPar) return answerOAuthError(ctx, 400, refusal.error, refusal.description);
    ctx.status = 400;
    ctx.set("Cache-Control", "no-store");
    await renderError(ctx as KoaContextWithOIDC, {
      error: refusal.error,
      error_description: refusal.description,
    });
  };
}
