/**
 * Where the insurer IDP sends the person back to. In the web flow that is the broker's
 * callback; when the application is a mobile app, the insurer's authenticator app must
 * return to the *app* (its App Link / Universal Link or private-use scheme, RFC 8252
 * §7.1–7.2), as in the gematik federation, where the app's redirect URIs are part of the
 * broker's registration at every insurer (DESIGN.md §4 "Mobile flows").
 */
import { isNativeApplication } from "@lotse/domain";

export interface UpstreamRedirectInput {
  issuer: string;
  /** The redirect_uri of the application's authorization request (already validated by oidc-provider). */
  appRedirectUri: unknown;
  /** The application's registered redirect URIs. */
  registeredRedirectUris: readonly string[];
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
  if (!url) return callback;
  // A private-use scheme can only be an app (RFC 8252 §7.1).
  if (url.protocol !== "http:" && url.protocol !== "https:") return input.appRedirectUri;
  if (url.origin === new URL(input.issuer).origin) return callback;
  // An http(s) redirect is an App Link only for a native application (one that also
  // registered a private-use scheme) or when the app asked for the native flow; a web
  // application's callback stays behind the broker's.
  if (input.nativeFlow || isNativeApplication(input.registeredRedirectUris))
    return input.appRedirectUri;
  return callback;
}

/** True when the upstream flow returns to an app rather than to the broker's callback. */
export function returnsToApp(issuer: string, upstreamRedirect: string): boolean {
  return upstreamRedirect !== brokerCallbackUrl(issuer);
}
