/**
 * The broker's two requests to an insurer, as its relying party: the pushed authorization
 * request that sends the person there (PAR with PKCE S256, a fresh state and nonce and the
 * app's `acr_values`, RFC 9126, RFC 7636, OIDC Core §3.1.2.1), remembering what the answer
 * needs, and the redemption of the insurer's code.
 */
import { isTelematikScope } from "@lotse/domain";
import * as client from "openid-client";
import type { UpstreamClients } from "../federation/upstream-clients.js";
import type { UpstreamFlowStore } from "../federation/upstream-flow-store.js";
import { upstreamAcrValues } from "./acr-values.js";

/** Passed through to the insurer only outside production (DESIGN.md §4 "Testing parameters"). */
export const TESTING_PARAMETERS = [
  "gematik_enable_testing",
  "gematik_login_user",
  "sandbox_simulate",
] as const;

/** How long a person may take at their insurer. */
const UPSTREAM_FLOW_TTL_SECONDS = 10 * 60;

export interface StartUpstreamLogin {
  interactionUid: string;
  clientId: string;
  idpIssuer: string;
  /** The app's requested scopes, already limited to what it registered. */
  scopes: readonly string[];
  /** The original authorization request's parameters. */
  params: Record<string, unknown>;
  redirectUri: string;
  testingParameters: boolean;
  flowId: string;
}

export async function startUpstreamLogin(
  deps: { upstream: UpstreamClients; flows: UpstreamFlowStore },
  input: StartUpstreamLogin,
): Promise<URL> {
  const config = await deps.upstream.configFor(input.idpIssuer);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const parameters: Record<string, string> = {
    redirect_uri: input.redirectUri,
    response_type: "code",
    scope: ["openid", ...input.scopes.filter(isTelematikScope)].join(" "),
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  };
  if (typeof input.params.ui_locales === "string") parameters.ui_locales = input.params.ui_locales;
  // The level of assurance the app asked for; the insurer's answer comes back as `acr`.
  parameters.acr_values = upstreamAcrValues(input.params.acr_values);
  if (input.testingParameters) {
    for (const name of TESTING_PARAMETERS) {
      const value = input.params[name];
      if (typeof value === "string" && value !== "") parameters[name] = value;
    }
  }
  const url = await client.buildAuthorizationUrlWithPAR(config, parameters);
  await deps.flows.save(
    state,
    {
      interactionUid: input.interactionUid,
      clientId: input.clientId,
      idpIssuer: input.idpIssuer,
      codeVerifier,
      nonce,
      redirectUri: input.redirectUri,
      flowId: input.flowId,
    },
    UPSTREAM_FLOW_TTL_SECONDS,
  );
  return url;
}

/** Redeems the insurer's code: PKCE verifier, state and nonce checked; ID token encrypted, decrypted and verified. */
export async function redeemUpstreamCode(
  deps: { upstream: UpstreamClients },
  input: {
    idpIssuer: string;
    redirectUri: string;
    query: URLSearchParams;
    state: string;
    codeVerifier: string;
    nonce: string;
  },
): Promise<Record<string, unknown>> {
  const config = await deps.upstream.configFor(input.idpIssuer);
  // The callback as the insurer sent it: our registered redirect URI with its query, so
  // the token request carries exactly that redirect_uri (RFC 6749 §4.1.3).
  const callbackUrl = new URL(input.redirectUri);
  callbackUrl.search = input.query.toString();
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: input.codeVerifier,
    expectedState: input.state,
    expectedNonce: input.nonce,
    idTokenExpected: true,
  });
  // gematik IDPs encrypt to the key we registered; openid-client takes a JWS too (OIDC Core §10.2)
  if (tokens.id_token?.split(".").length !== 5)
    throw new Error("the insurer's ID token is not encrypted");
  const claims = tokens.claims();
  if (!claims) throw new Error("the insurer returned no ID token");
  return claims as Record<string, unknown>;
}
