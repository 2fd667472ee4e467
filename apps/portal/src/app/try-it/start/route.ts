import { TRPCError } from "@trpc/server";
import { NextResponse, type NextRequest } from "next/server";
import { createCaller } from "@lotse/api";
import { env } from "../../../env";
import { auth } from "../../../server/auth";
import {
  authSecret,
  cookieOptions,
  PENDING_COOKIE,
  tryItRedirectUri,
} from "../../../server/try-it/cookies";
import {
  authorizationUrl,
  discover,
  newPendingLogin,
  tryItScopes,
} from "../../../server/try-it/relying-party";
import { seal } from "../../../server/try-it/sealed";
import { isNativeApplication } from "../../../try-it/native-application";
import { createContext } from "../../../server/trpc-context";

/**
 * Starts a Try-it login: the signed-in member's application (read through the service,
 * which checks the membership), PKCE + state + nonce sealed in an httpOnly cookie, and a
 * redirect to the broker's authorization endpoint.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const session = await auth();
  const applicationId = request.nextUrl.searchParams.get("applicationId") ?? "";
  if (!session?.user?.id) {
    const next = `/try-it/start?applicationId=${encodeURIComponent(applicationId)}`;
    return NextResponse.redirect(
      new URL(`/sign-in?next=${encodeURIComponent(next)}`, env.PORTAL_URL),
    );
  }
  const application = await createCaller(await createContext(request.headers))
    .application.get({ applicationId })
    .catch((error: unknown) => {
      if (error instanceof TRPCError && ["NOT_FOUND", "BAD_REQUEST"].includes(error.code))
        return null;
      throw error;
    });
  if (!application) return new Response("Application not found", { status: 404 });
  const back = new URL(`/apps/${application.id}`, env.PORTAL_URL);
  // Public apps redeem the code with PKCE alone; for a confidential one the portal has
  // only the secret's hash (docs/portal.md, "Try it").
  if (
    application.type !== "PUBLIC" ||
    isNativeApplication(application.redirectUris) ||
    !application.redirectUris.includes(tryItRedirectUri())
  )
    return NextResponse.redirect(back);

  const login = newPendingLogin(session.user.id, application.id, application.clientId);
  const discovery = await discover(env.BROKER_URL);
  const response = NextResponse.redirect(
    authorizationUrl(discovery, login, tryItRedirectUri(), tryItScopes(application.allowedScopes)),
  );
  response.cookies.set(PENDING_COOKIE, seal(authSecret(), login), cookieOptions(10 * 60));
  return response;
}
