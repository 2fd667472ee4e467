import { LotseError } from "@lotse/sdk";
import type { NextRequest } from "next/server";
import { redirect } from "next/navigation";
import { env } from "~/env";
import { callProtectedApi } from "~/server/demo-api/call-protected-api";
import { lotseClient } from "~/server/lotse-client";
import { backendSession, demoApiOutcome, pendingBackendLogin } from "~/server/sealed-cookie";

export const dynamic = "force-dynamic";

/**
 * GET /backend/callback: the registered redirect URI of the backend variant. The SDK checks
 * the response (iss per RFC 9207, state per RFC 9700 §4.7) and redeems the code with the
 * PKCE verifier and the client secret; the ID token's iss, aud, exp and nonce are checked
 * on receipt (OIDC Core §3.1.3.7). A login for the demo API then calls /api/protected with
 * the access token and keeps the answer for the page; the token itself is not kept.
 */
export async function GET(request: NextRequest): Promise<never> {
  const pending = await pendingBackendLogin.read();
  // One use: a replayed or second callback finds nothing to continue.
  await pendingBackendLogin.clear();
  if (!pending) redirect("/backend?error=no_login_in_progress");
  const forDemoApi = pending.purpose === "demo-api";

  let failure: string | undefined;
  try {
    const client = lotseClient();
    const response = await client.handleRedirect(request.nextUrl.href, {
      expectedState: pending.state,
    });
    const tokens = await client.redeemCode({
      code: response.code,
      codeVerifier: pending.codeVerifier,
      nonce: pending.nonce,
    });
    if (!tokens.idToken) throw new Error("no ID token");
    if (forDemoApi) {
      await demoApiOutcome.write(
        await callProtectedApi(`${env.DEMO_WEB_URL}/api/protected`, tokens.accessToken),
      );
    } else {
      await backendSession.write({ idToken: tokens.idToken, receivedAt: Date.now() });
    }
  } catch (error) {
    failure = error instanceof LotseError ? error.code : "login_failed";
    console.error(`demo-web: backend login failed: ${failure}`);
  }
  // redirect() throws; it stays outside the try so it is not caught as a failure.
  if (forDemoApi) {
    if (failure) await demoApiOutcome.write({ kind: "failure", stage: "login", error: failure });
    redirect("/backend");
  }
  redirect(failure ? `/backend?error=${encodeURIComponent(failure)}` : "/backend");
}
