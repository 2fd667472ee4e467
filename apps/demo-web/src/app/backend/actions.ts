"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { env } from "~/env";
import { TELEMATIK_SCOPES } from "@lotse/domain";
import { lotseClient } from "~/server/lotse-client";
import { backendSession, pendingBackendLogin } from "~/server/sealed-cookie";

/**
 * Starts a login on this app's server: the SDK creates state, nonce and the PKCE pair
 * (S256) and builds the authorization URL; the secrets of the round trip stay in a sealed
 * httpOnly cookie. With `provider` (an issuer from listIdps()) the broker skips its chooser.
 */
export async function startBackendLogin(form: FormData): Promise<void> {
  const provider = form.get("provider");
  const request = await lotseClient().buildAuthorizationUrl({
    // No offline_access: this variant shows the login and keeps only the ID token.
    scope: ["openid", ...TELEMATIK_SCOPES],
    ...(typeof provider === "string" && provider ? { provider } : {}),
  });
  await pendingBackendLogin.write({
    state: request.state,
    nonce: request.nonce,
    codeVerifier: request.pkce.verifier,
  });
  // The broker's URL: typed routes only know this app's own paths.
  redirect(request.url as Route);
}

/**
 * The same login for the demo API (/api/protected): its scope next to `openid`, and its
 * identifier as `resource` (RFC 8707 §2), so the broker issues a JWT access token whose
 * `aud` is that API. The callback redeems the code and calls the API with the token.
 */
export async function startDemoApiLogin(): Promise<void> {
  const request = await lotseClient().buildAuthorizationUrl({
    scope: `openid ${env.DEMO_API_SCOPE}`,
    extraParams: { resource: env.DEMO_API_AUDIENCE },
  });
  await pendingBackendLogin.write({
    state: request.state,
    nonce: request.nonce,
    codeVerifier: request.pkce.verifier,
    purpose: "demo-api",
  });
  redirect(request.url as Route);
}

/** Forgets the result here and ends the broker session (RP-initiated logout). */
export async function signOutBackend(): Promise<void> {
  const session = await backendSession.read();
  await backendSession.clear();
  const url = await lotseClient().logoutUrl({
    ...(session ? { idTokenHint: session.idToken } : {}),
    postLogoutRedirectUri: `${env.DEMO_WEB_URL}/`,
  });
  redirect(url as Route);
}
