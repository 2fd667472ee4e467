/**
 * The step from an authorization request to the insurer, shared by the chooser (web,
 * flow A) and the JSON authorize of native flow B: checks that the application may use
 * the IDP, pushes the upstream request (upstream-login.ts) and audits both steps under
 * the interaction's flow id. Answers with a result; the caller decides between a
 * redirect and a JSON body.
 */
import type { Application } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { AuditLog } from "../audit/index.js";
import type { IdpDirectory } from "../federation/idp-directory.js";
import type { UpstreamClients } from "../federation/upstream-clients.js";
import type { UpstreamFlowStore } from "../federation/upstream-flow-store.js";
import { fromUpstreamException } from "../federation/upstream-error.js";
import type { LoginFailure } from "./complete-login.js";
import { startUpstreamLogin } from "./upstream-login.js";
import { upstreamRedirectUri } from "./upstream-redirect-uri.js";

export interface BeginUpstreamDeps {
  idps: IdpDirectory;
  upstream: UpstreamClients;
  flows: UpstreamFlowStore;
  audit: AuditLog;
  logger: Logger;
  issuer: string;
  testingParameters: boolean;
}

export interface BeginUpstreamInput {
  flowId: string;
  application: Application;
  /** Requested scopes, limited to what the application registered. */
  scopes: string[];
  params: Record<string, unknown>;
  idpIssuer: string;
  nativeFlow: boolean;
  request: { clientIp: string; userAgent: string | null };
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
  const idp = await deps.idps.find(input.idpIssuer, application.allowedIdps);
  if (!idp) {
    await deps.audit.record({
      type: "idp.chosen",
      outcome: "FAILURE",
      errorCode: "invalid_request",
      errorDescription: "IDP not available to this application",
      upstreamIdp: input.idpIssuer,
      ...event,
    });
    return {
      ok: false,
      failure: {
        error: "invalid_request",
        error_description: "The chosen identity provider is not available to this application.",
      },
    };
  }
  await deps.audit.record({
    type: "idp.chosen",
    outcome: "SUCCESS",
    upstreamIdp: idp.issuer,
    ...event,
  });
  const redirectUri = upstreamRedirectUri({
    issuer: deps.issuer,
    appRedirectUri: input.params.redirect_uri,
    registeredRedirectUris: application.redirectUris,
    nativeFlow: input.nativeFlow,
  });
  let url: URL;
  try {
    url = await startUpstreamLogin(deps, {
      interactionUid: flowId,
      clientId: application.clientId,
      idpIssuer: idp.issuer,
      scopes: input.scopes,
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
