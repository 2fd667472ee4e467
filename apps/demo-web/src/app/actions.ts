"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { env } from "../env";
import { auth, requestRefresh, signIn, signOut } from "../server/auth";
import { brokerMetadata } from "../server/broker-metadata";
import { endSessionUrl } from "../server/end-session";

/** Starts the authorization code flow at the broker (next-auth builds PKCE, state, nonce). */
export async function signInWithLotse(): Promise<void> {
  await signIn("lotse", { redirectTo: "/" });
}

/** "Refresh now": the refresh_token grant, whether or not the access token has expired. */
export async function refreshNow(): Promise<void> {
  await requestRefresh("manual");
  // Not revalidatePath: a re-render inside this request would still read the old cookie.
  // The redirect renders the page with the cookie just written.
  redirect("/");
}

/**
 * Signs out here (clears the session cookie, revokes the refresh token), then at the broker:
 * RP-initiated logout with id_token_hint, returning to this app's home page.
 */
export async function signOutEverywhere(): Promise<void> {
  const session = await auth();
  const { end_session_endpoint } = await brokerMetadata();
  await signOut({ redirect: false });
  const url = endSessionUrl({
    endSessionEndpoint: end_session_endpoint,
    clientId: env.DEMO_WEB_CLIENT_ID,
    idToken: session?.idToken || undefined,
    postLogoutRedirectUri: `${env.DEMO_WEB_URL}/`,
  });
  // The broker's URL: typed routes only know this app's own paths.
  redirect(url as Route);
}
