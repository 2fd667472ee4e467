/**
 * Authorization requests (OIDC Core §3.1.2.1) with PKCE S256, for flow A (the URL opens the
 * broker's IDP chooser in the system browser) and flow B (`response_format=json`, the broker
 * answers the insurer's URL; DESIGN.md §4).
 */
import type { ClientContext } from "./context.js";
import { LotseProtocolError } from "./errors.js";
import { isRecord, requestJson } from "./http.js";
import { parseUrl } from "./url.js";
import { createPkce, randomNonce, randomState, type Pkce } from "./pkce.js";

export interface AuthorizationOptions {
  /** Space-separated or a list, e.g. `["openid", "urn:telematik:versicherter"]`. */
  scope: string | readonly string[];
  /** An IDP's `issuer` from `listIdps()`: skips the chooser. */
  provider?: string;
  /** Generated when omitted. */
  state?: string;
  /** Generated when omitted. */
  nonce?: string;
  /** Language of the chooser, e.g. `"de"` or `["de", "en"]`. */
  uiLocales?: string | readonly string[];
  /** Generated when omitted. */
  pkce?: Pkce;
  /** Another of the app's registered redirect URIs than the client's default. */
  redirectUri?: string;
  /**
   * More parameters (`prompt`, `login_hint`, and outside production the testing parameters
   * `gematik_enable_testing`/`gematik_login_user`). They cannot replace the ones above.
   */
  extraParams?: Record<string, string>;
}

/** Everything the app must keep until the redirect: `state`, `nonce` and `pkce.verifier`. */
export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  pkce: Pkce;
  redirectUri: string;
}

const join = (value: string | readonly string[]) =>
  typeof value === "string" ? value : value.join(" ");

async function prepare(
  context: ClientContext,
  options: AuthorizationOptions,
  extra: Record<string, string>,
): Promise<AuthorizationRequest> {
  const { authorization_endpoint } = await context.metadata();
  const state = options.state ?? randomState();
  const nonce = options.nonce ?? randomNonce();
  const pkce = options.pkce ?? (await createPkce());
  const redirectUri = options.redirectUri ?? context.redirectUri;
  const url = new URL(authorization_endpoint);
  const params: Record<string, string | undefined> = {
    ...options.extraParams,
    response_type: "code",
    client_id: context.clientId,
    redirect_uri: redirectUri,
    scope: join(options.scope),
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
    provider: options.provider,
    ui_locales: options.uiLocales === undefined ? undefined : join(options.uiLocales),
    ...extra,
  };
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return { url: url.href, state, nonce, pkce, redirectUri };
}

/** Flow A: the URL to open in the system browser (an in-app browser tab, not a WebView). */
export function buildAuthorizationUrl(
  context: ClientContext,
  options: AuthorizationOptions,
): Promise<AuthorizationRequest> {
  return prepare(context, options, {});
}

/**
 * Flow B: asks the broker for the insurer's authorization URL (`response_format=json`) and
 * answers it as `url`: open it so the insurer's authenticator app takes over.
 */
export async function startNativeLogin(
  context: ClientContext,
  options: AuthorizationOptions & { provider: string },
): Promise<AuthorizationRequest> {
  const request = await prepare(context, options, { response_format: "json" });
  const body = await requestJson(context.fetch, request.url);
  if (!isRecord(body) || typeof body.url !== "string" || !parseUrl(body.url))
    throw new LotseProtocolError("invalid_response", "The JSON authorize answer has no url.");
  return { ...request, url: body.url };
}
