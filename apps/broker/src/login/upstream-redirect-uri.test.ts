/**
 * The redirect URIs the broker registers in the federation (its entity configuration) must
 * hold every redirect URI it sends an insurer, or the insurer refuses the login.
 */
import { describe, expect, test } from "vitest";
import { upstreamRedirectUri, upstreamRedirectUris } from "./upstream-redirect-uri.js";

const ISSUER = "https://id.lotse.example";

const applications = [
  { redirectUris: ["https://app.example/app/ce", "de.lotse.demo:/oauthredirect"] },
  { redirectUris: ["https://web.example/callback", "http://localhost:3000/callback"] },
  // A redirect URI on the broker's own origin never goes upstream.
  { redirectUris: [`${ISSUER}/smart/launcher/callback`, "https://app.example/app/ce"] },
  { redirectUris: ["not a url"] },
];

describe("upstreamRedirectUris", () => {
  test("the callback first, then every application redirect URI off the broker's origin, once", () => {
    expect(upstreamRedirectUris(ISSUER, applications)).toEqual([
      `${ISSUER}/oidcf/signin`,
      "de.lotse.demo:/oauthredirect",
      "http://localhost:3000/callback",
      "https://app.example/app/ce",
      "https://web.example/callback",
    ]);
  });

  test("holds whatever upstreamRedirectUri sends, for every platform and flow", () => {
    const registered = new Set(upstreamRedirectUris(ISSUER, applications));
    for (const { redirectUris } of applications)
      for (const appRedirectUri of redirectUris)
        for (const platform of ["WEB", "NATIVE", "SPA"] as const)
          for (const nativeFlow of [false, true]) {
            const sent = upstreamRedirectUri({
              issuer: ISSUER,
              appRedirectUri,
              platform,
              nativeFlow,
            });
            expect(registered.has(sent), `${platform} ${nativeFlow} ${appRedirectUri}`).toBe(true);
          }
  });

  test("without applications: the callback alone", () => {
    expect(upstreamRedirectUris(ISSUER, [])).toEqual([`${ISSUER}/oidcf/signin`]);
  });
});
