/**
 * The two mobile flows (docs/flows/mobile.md) as the app runs them, all protocol work in
 * @lotse/sdk:
 *
 * - Flow A: the broker's IDP chooser in the system browser. On a phone an auth session
 *   (ASWebAuthenticationSession / Custom Tab, RFC 8252 §6) that closes on the redirect URI;
 *   on the web a full-page redirect (a popup would be blocked or lose the App Link).
 * - Flow B: the app's own IDP list; the broker answers the insurer's URL, which the app
 *   opens so the insurer's authenticator app takes over.
 *
 * Either way the app is opened again with a redirect URL, which `completeLogin` turns into
 * tokens: exchange (when the insurer returned to the app) and code redemption with PKCE.
 */
import { Linking, Platform } from "react-native";
import * as WebBrowser from "expo-web-browser";
import type { Idp, TokenSet } from "@lotse/sdk";
import { config } from "./config";
import { lotse } from "./lotse";
import { savePendingLogin, takePendingLogin } from "./pending-login";

export interface Session {
  tokens: TokenSet;
  claims: Record<string, unknown>;
}

/** The result of an auth session that closed without a redirect (the person backed out). */
export class LoginCancelled extends Error {
  constructor() {
    super("The login was cancelled.");
    this.name = "LoginCancelled";
  }
}

const navigate = (url: string) => {
  // Leaves the app's page: the pending login waits in sessionStorage (pending-login.ts).
  window.location.assign(url);
};

/**
 * Flow A. On the web it never returns (the page is replaced); on a phone it returns the
 * session once the browser comes back to the redirect URI.
 */
export async function loginWithChooser(): Promise<Session | undefined> {
  const request = await lotse.buildAuthorizationUrl({ scope: config.scope });
  savePendingLogin({
    flow: "A",
    state: request.state,
    nonce: request.nonce,
    codeVerifier: request.pkce.verifier,
    redirectUri: request.redirectUri,
  });
  if (Platform.OS === "web") {
    navigate(request.url);
    return undefined;
  }
  const result = await WebBrowser.openAuthSessionAsync(request.url, request.redirectUri);
  if (result.type !== "success") {
    takePendingLogin();
    throw new LoginCancelled();
  }
  return completeLogin(result.url);
}

/** Flow B, step 1: the insurers this app may offer (GET /api/v1/idps). */
export function listInsurers(): Promise<Idp[]> {
  return lotse.listIdps();
}

/**
 * Flow B, step 2: asks the broker for the insurer's authorization URL and opens it. The
 * insurer's app returns to the app's redirect URI, which arrives as a deep link (App.tsx).
 */
export async function loginWithInsurer(idp: Idp): Promise<void> {
  const request = await lotse.startNativeLogin({ scope: config.scope, provider: idp.issuer });
  savePendingLogin({
    flow: "B",
    state: request.state,
    nonce: request.nonce,
    codeVerifier: request.pkce.verifier,
    redirectUri: request.redirectUri,
  });
  if (Platform.OS === "web") navigate(request.url);
  else await Linking.openURL(request.url);
}

/** True for a URL the app should treat as the answer of a login (App Link or scheme). */
export function isLoginRedirect(url: string): boolean {
  const base = url.split(/[?#]/, 1)[0];
  return base === config.redirectUri;
}

/**
 * The app was opened with `url` (the insurer's return or the broker's answer): exchange,
 * check state and issuer, redeem the code with the PKCE verifier, check the ID token.
 */
export async function completeLogin(url: string): Promise<Session> {
  const pending = takePendingLogin();
  if (!pending)
    throw new Error("No login is pending in this app: start again with one of the buttons.");
  const response = await lotse.handleRedirect(url, { expectedState: pending.state });
  const tokens = await lotse.redeemCode({
    code: response.code,
    codeVerifier: pending.codeVerifier,
    nonce: pending.nonce,
    redirectUri: pending.redirectUri,
  });
  return { tokens, claims: tokens.claims ?? {} };
}

/**
 * Ends the grant at the broker (RFC 7009: revoking the refresh token revokes the grant) and
 * forgets the tokens. A failed revocation still signs the person out of the app.
 */
export async function signOut(session: Session): Promise<void> {
  const { refreshToken, accessToken } = session.tokens;
  await lotse
    .revoke(refreshToken ?? accessToken, refreshToken ? "refresh_token" : "access_token")
    .catch((error: unknown) => console.warn("revocation failed", error));
}
