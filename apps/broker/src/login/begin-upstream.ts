/**
 * Use case: begin the login at the insurer, shared by the chooser (web, flow A) and the
 * JSON authorize of native flow B: checks that the application may use the IDP, pushes
 * the upstream request (upstream-requests.ts) and audits both steps under the
 * interaction's flow id. Answers with a result; the front end decides between a redirect
 * and a JSON body.
 */
import type { Application } from "@lotse/db";
import { upstreamScopesForStandardScopes } from "../accounts/standard-claims.js";
import { findApplication } from "../applications/find-application.js";
import { fromUpstreamException } from "../federation/upstream-error.js";
import type { LoginDeps, LoginFailure, RequestInfo } from "./login-deps.js";
import { smartUpstreamScopes } from "./smart-context.js";
import { startUpstreamLogin } from "./upstream-requests.js";
import { upstreamRedirectUri } from "./upstream-redirect-uri.js";

export type BeginUpstreamDeps = Pick<
  LoginDeps,
  "idps" | "upstream" | "flows" | "audit" | "logger" | "issuer" | "testingParameters"
>;

/**
 * The application of an authorization request and the scopes it asked for that it registered.
 * Read through the application cache: oidc-provider read the same record a moment earlier.
 */
export async function applicationOf(
  deps: Pick<LoginDeps, "prisma" | "applications">,
  params: Record<string, unknown>,
): Promise<{ application: Application; scopes: string[] } | undefined> {
  const application = await findApplication(
    deps.prisma,
    deps.applications,
    String(params.client_id),
  );
  if (!application) return undefined;
  const requested = String(params.scope ?? "")
    .split(" ")
    .filter(Boolean);
  return {
    application,
    scopes: requested.filter((scope) => application.allowedScopes.includes(scope)),
  };
}

export interface BeginUpstreamInput {
  flowId: string;
  application: Application;
  /** Requested scopes, limited to what the application registered. */
  scopes: string[];
  params: Record<string, unknown>;
  idpIssuer: string;
  nativeFlow: boolean;
  request: RequestInfo;
}

export type BeginUpstreamResult = { ok: true; url: URL } | { ok: false; failure: LoginFailure };

export async function beginUpstream(
  deps: BeginUpstreamDeps,
  input: BeginUpstreamInput,
): Promise<BeginUpstreamResult> {
  const { application, flowId } = input;
  const event = {
    clientId: application.clientId,
    applicationId: application.id,
    flowId,
    ...input.request,
  };
  const found = await deps.idps.lookup(input.idpIssuer, application.allowedIdps);
  if (!found.ok) {
    // An insurer whose federation trust chain does not verify is not used, whatever the app
    // asked (docs/federation.md "Trust"): the app may offer another or try again later.
    const failure: LoginFailure =
      found.reason === "untrusted"
        ? {
            error: "temporarily_unavailable",
            error_description:
              "The chosen identity provider cannot be verified in the federation right now.",
          }
        : {
            error: "invalid_request",
            error_description: "The chosen identity provider is not available to this application.",
          };
    await deps.audit.record({
      type: "idp.chosen",
      outcome: "FAILURE",
      errorCode: failure.error,
      errorDescription:
        found.reason === "untrusted"
          ? `IDP trust chain does not verify (${found.failure.reason})`
          : "IDP not available to this application",
      upstreamIdp: input.idpIssuer,
      ...event,
    });
    return { ok: false, failure };
  }
  const { idp } = found;
  await deps.audit.record({
    type: "idp.chosen",
    outcome: "SUCCESS",
    upstreamIdp: idp.issuer,
    ...event,
  });
  const redirectUri = upstreamRedirectUri({
    issuer: deps.issuer,
    appRedirectUri: input.params.redirect_uri,
    platform: application.platform,
    nativeFlow: input.nativeFlow,
  });
  let url: URL;
  try {
    url = await startUpstreamLogin(deps, {
      interactionUid: flowId,
      clientId: application.clientId,
      idpIssuer: idp.issuer,
      scopes: [
        ...input.scopes,
        ...smartUpstreamScopes(application, input.params),
        ...(application.standardClaims ? upstreamScopesForStandardScopes(input.scopes) : []),
      ],
      params: input.params,
      redirectUri,
      testingParameters: deps.testingParameters,
      flowId,
    });
  } catch (error) {
    const failure = fromUpstreamException(error);
    deps.logger.warn(
      { err: (error as Error).message, idp: idp.issuer, flowId },
      "upstream PAR failed",
    );
    await deps.audit.record({
      type: "upstream.redirect",
      outcome: "FAILURE",
      errorCode: failure.error,
      errorDescription: failure.description,
      upstreamIdp: idp.issuer,
      ...event,
    });
    return { ok: false, failure: { error: failure.error, error_description: failure.description } };
  }
  await deps.audit.record({
    type: "upstream.redirect",
    outcome: "SUCCESS",
    upstreamIdp: idp.issuer,
    details: {
      upstream_authorization_endpoint: `${url.origin}${url.pathname}`,
      upstream_redirect_uri: redirectUri,
      native_flow: input.nativeFlow,
    },
    ...event,
  });
  return { ok: true, url };
}
