/**
 * The platform of an application (DESIGN.md §4 "Mobile flows"): chosen in the portal, never
 * guessed from its redirect URIs, because the published example clients register only an
 * https App Link and still need the mobile flows. Browser-safe (no dependencies).
 */
import { LOOPBACK_HOSTS } from "./redirect-uri.js";

export const APPLICATION_PLATFORMS = ["WEB", "NATIVE", "SPA"] as const;
export type ApplicationPlatform = (typeof APPLICATION_PLATFORMS)[number];

export const PLATFORM_TITLES: Record<ApplicationPlatform, string> = {
  WEB: "Web",
  NATIVE: "Native (mobile)",
  SPA: "Single-page app",
};

/** Shown next to the choice in the form, one line each. */
export const PLATFORM_EXPLANATIONS: Record<ApplicationPlatform, string> = {
  WEB: "A website whose server receives the code: the insurer returns to the broker, which redirects the browser to your redirect URI.",
  NATIVE:
    "A mobile app (mobile flows): the insurer's app returns to your App Link or private-use scheme, and your app calls the exchange API with what it received.",
  SPA: "A JavaScript app in the browser without a server of its own: public, PKCE, tokens in the browser.",
};

/** Private-use schemes (RFC 8252 §7.1) are anything but http(s). */
export const isPrivateUseUri = (uri: string) => !/^https?:/i.test(uri);

/**
 * Why a redirect (or post-logout redirect) URI does not fit the platform, or null. These
 * are oidc-provider's checks of `application_type` (OIDC Dynamic Client Registration §2),
 * made here so the developer sees them on the field instead of the broker refusing the
 * client: a web client may only use web URIs; a native client's claimed https URIs must not
 * be on the loopback host (RFC 8252 §7.2, loopback is for http, §7.3).
 */
export function platformUriProblem(platform: ApplicationPlatform, uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null; // The redirect URI rule reports it.
  }
  if (platform !== "NATIVE" && isPrivateUseUri(uri))
    return "A private-use scheme is only for native apps: choose Native (mobile) as the platform.";
  if (platform === "NATIVE" && url.protocol === "https:" && LOOPBACK_HOSTS.has(url.hostname))
    return "A native app's https URI must be an App Link on a real host; on this machine use http://localhost.";
  return null;
}
