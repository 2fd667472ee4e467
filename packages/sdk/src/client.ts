/**
 * `createLotseClient`: one object per app registration that binds the SDK's functions to
 * the broker's issuer, the app's client id and redirect URI, and caches discovery.
 */
import {
  buildAuthorizationUrl,
  startNativeLogin,
  type AuthorizationOptions,
  type AuthorizationRequest,
} from "./authorization.js";
import type { ClientContext } from "./context.js";
import { discover, type OpenIdConfiguration } from "./discovery.js";
import type { FetchLike } from "./http.js";
import { decodeIdToken, type IdTokenClaims } from "./id-token.js";
import { logoutUrl, type LogoutOptions } from "./logout.js";
import { exchange, listIdps, type ExchangeInput, type Idp } from "./native-api.js";
import { handleRedirect, type AuthorizationResponse } from "./redirect.js";
import { redeemCode, refresh, revoke, type RedeemCodeOptions, type TokenSet } from "./tokens.js";

export interface LotseClientOptions {
  /** The broker's issuer, exactly as in its discovery document, e.g. `https://lotse.example`. */
  issuer: string;
  clientId: string;
  /** The registered redirect URI authorization requests use unless told otherwise. */
  redirectUri: string;
  /** Only on a server (confidential app); then `client_secret_basic` is used. Never in an app. */
  clientSecret?: string;
  /** Defaults to the global fetch; pass one for tests, timeouts or a proxy. */
  fetch?: FetchLike;
  /** Seconds of clock difference accepted for the ID token's `exp`; default 60. */
  clockTolerance?: number;
}

export interface LotseClient {
  readonly issuer: string;
  readonly clientId: string;
  /** The broker's OpenID configuration, fetched once per client. */
  discover(): Promise<OpenIdConfiguration>;
  listIdps(): Promise<Idp[]>;
  buildAuthorizationUrl(options: AuthorizationOptions): Promise<AuthorizationRequest>;
  startNativeLogin(
    options: AuthorizationOptions & { provider: string },
  ): Promise<AuthorizationRequest>;
  handleRedirect(
    url: string | URL,
    options: { expectedState: string },
  ): Promise<AuthorizationResponse>;
  exchange(input: ExchangeInput): Promise<{ redirectUrl: string }>;
  redeemCode(options: RedeemCodeOptions): Promise<TokenSet>;
  refresh(refreshToken: string, options?: { scope?: string }): Promise<TokenSet>;
  revoke(token: string, tokenTypeHint?: "access_token" | "refresh_token"): Promise<void>;
  logoutUrl(options?: LogoutOptions): Promise<string>;
  /** The payload, NOT verified (see id-token.ts). */
  decodeIdToken(idToken: string): IdTokenClaims;
}

export function createLotseClient(options: LotseClientOptions): LotseClient {
  // Called through a closure: a detached `window.fetch` throws "Illegal invocation".
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let configuration: Promise<OpenIdConfiguration> | undefined;
  const context: ClientContext = {
    issuer: options.issuer,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    clientSecret: options.clientSecret,
    fetch: fetchFn,
    clockTolerance: options.clockTolerance ?? 60,
    metadata() {
      configuration ??= discover(options.issuer, { fetch: fetchFn }).catch((error: unknown) => {
        configuration = undefined; // a failed discovery is retried on the next call
        throw error;
      });
      return configuration;
    },
  };
  return {
    issuer: options.issuer,
    clientId: options.clientId,
    discover: () => context.metadata(),
    listIdps: () => listIdps(context),
    buildAuthorizationUrl: (authorization) => buildAuthorizationUrl(context, authorization),
    startNativeLogin: (authorization) => startNativeLogin(context, authorization),
    handleRedirect: (url, checks) => handleRedirect(context, url, checks),
    exchange: (input) => exchange(context, input),
    redeemCode: (redeem) => redeemCode(context, redeem),
    refresh: (refreshToken, refreshOptions) => refresh(context, refreshToken, refreshOptions),
    revoke: (token, hint) => revoke(context, token, hint),
    logoutUrl: (logout) => logoutUrl(context, logout),
    decodeIdToken,
  };
}
