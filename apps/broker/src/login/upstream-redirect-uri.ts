/**
 * Where the insurer IDP sends the person back to. In the web flow that is the broker's
 * callback; when the application is a mobile app, the insurer's authenticator app must
 * return to the *app* (its App Link / Universal Link or private-use scheme, RFC 8252
 * §7.1–7.2), as in the gematik federation, where the app's redirect URIs are part of the
 * broker's registration at every insurer (DESIGN.md §4 "Mobile flows").
 *
 * Whether an application is a mobile app is chosen in the portal (Application.platform),
 * never guessed from its redirect URIs: the published example clients register only an
 * https App Link, which looks exactly like a web application's callback (issue 13).
 */
import type { ApplicationPlatform } from "@lotse/db";

export interface UpstreamRedirectInput {
  issuer: string;
  /** The redirect_uri of the application's authorization request (already validated by oidc-provider). */
  appRedirectUri: unknown;
  /** The application's platform as chosen in the portal. */
  platform: ApplicationPlatform;
  /** Native flow B (`response_format=json`): the app itself opens the insurer's URL. */
  nativeFlow: boolean;
}

export function brokerCallbackUrl(issuer: string): string {
  return `${issuer}/oidcf/signin`;
}

export function upstreamRedirectUri(input: UpstreamRedirectInput): string {
  const callback = brokerCallbackUrl(input.issuer);
  if (typeof input.appRedirectUri !== "string") return callback;
  const url = URL.parse(input.appRedirectUri);
  if (!url || url.origin === new URL(input.issuer).origin) return callback;
  // A native application, or an app that asked for the native flow, gets the insurer's
  // answer itself and hands it to the exchange API; every other login returns through
  // the broker's callback, which then redirects to the application.
  if (input.platform === "NATIVE" || input.nativeFlow) return input.appRedirectUri;
  return callback;
}

/** True when the upstream flow returns to an app rather than to the broker's callback. */
export function returnsToApp(issuer: string, upstreamRedirect: string): boolean {
  return upstreamRedirect !== brokerCallbackUrl(issuer);
}

/**
 * Every redirect URI the broker may send an insurer, for the broker's registration in the
 * federation (its entity configuration's `redirect_uris`, which the insurers check): its
 * callback, and each application redirect URI upstreamRedirectUri can pass on. That is any
 * enabled application's redirect URI outside the broker's origin: a native application's
 * always, and any other application's in native flow B, which every application may use.
 */
export function upstreamRedirectUris(
  issuer: string,
  applications: ReadonlyArray<{ redirectUris: readonly string[] }>,
): string[] {
  const own = new URL(issuer).origin;
  const passed = applications
    .flatMap((application) => application.redirectUris)
    .filter((uri) => {
      const url = URL.parse(uri);
      return url !== null && url.origin !== own;
    });
  return [brokerCallbackUrl(issuer), ...[...new Set(passed)].sort()];
}
