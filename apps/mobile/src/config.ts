/**
 * Where the app finds the broker and how it is registered there. Expo inlines
 * `process.env.EXPO_PUBLIC_*` at build time (set them when running `expo export` or
 * `expo start`); the defaults are the local development stack (DESIGN.md §2) and the
 * seeded `demo-mobile` application.
 */
import { Platform } from "react-native";

/** The web build's stand-in for an App Link (docs/flows/mobile.md "Running the example app"). */
const WEB_APP_LINK_PATH = "/app/ce";

function webRedirectUri(): string {
  // The origin the build is served from, so another MOBILE_PORT needs no rebuild (the URI
  // must still be registered for the client).
  const origin = typeof window === "undefined" ? "http://localhost:8081" : window.location.origin;
  return `${origin}${WEB_APP_LINK_PATH}`;
}

// This is the app's env module. Expo inlines only literal `process.env.EXPO_PUBLIC_*` reads
// at build time (there is no environment in the app), so they cannot go through a schema.
/* eslint-disable no-restricted-properties -- Expo build-time inlining, see above */
export const config = {
  issuer: process.env.EXPO_PUBLIC_LOTSE_ISSUER ?? "http://localhost:4000",
  clientId: process.env.EXPO_PUBLIC_LOTSE_CLIENT_ID ?? "demo-mobile",
  /**
   * On a phone, the private-use scheme of app.json (an App Link such as
   * `https://demo.lotse.de/app/ce` works the same once the domain serves well-known/);
   * in the browser, the App Link stand-in on this app's own origin.
   */
  redirectUri:
    Platform.OS === "web"
      ? (process.env.EXPO_PUBLIC_LOTSE_WEB_REDIRECT_URI ?? webRedirectUri())
      : (process.env.EXPO_PUBLIC_LOTSE_REDIRECT_URI ?? "de.lotse.demo:/oauthredirect"),
  /** What the demo asks for: the identity, the gematik claims, a refresh token. */
  scope: [
    "openid",
    "offline_access",
    "urn:telematik:versicherter",
    "urn:telematik:display_name",
    "urn:telematik:given_name",
    "urn:telematik:email",
    "urn:telematik:geburtsdatum",
    "urn:telematik:geschlecht",
    "urn:telematik:alter",
  ],
  webAppLinkPath: WEB_APP_LINK_PATH,
} as const;
/* eslint-enable no-restricted-properties */
