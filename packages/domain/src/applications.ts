/**
 * Kinds of applications (DESIGN.md §4): who can keep a secret, how the `sub` is derived,
 * and whether the app is native.
 */

/** PUBLIC apps cannot keep a secret and must use PKCE; CONFIDENTIAL ones authenticate. */
export const APPLICATION_TYPES = ["PUBLIC", "CONFIDENTIAL"] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

/** How the broker derives the `sub` an application sees (DESIGN.md §4 "Sub modes"). */
export const SUB_MODES = ["UNIQUE", "PAIRWISE", "PERSON"] as const;
export type SubMode = (typeof SUB_MODES)[number];

/**
 * Native apps (RFC 8252) register a private-use-scheme redirect URI; oidc-provider
 * validates their redirects as such. Such an app gets the insurer's answer directly at
 * its http(s) redirect URI (an App Link), not at the broker.
 */
export function isNativeApplication(redirectUris: readonly string[]): boolean {
  return redirectUris.some((uri) => !/^https?:/i.test(uri));
}
