import { TRPCError } from "@trpc/server";
import { NextResponse, type NextRequest } from "next/server";
import { createCaller } from "@lotse/api";
import { env } from "~/env";
import { auth } from "~/server/auth";
import {
  authSecret,
  cookieOptions,
  PENDING_COOKIE,
  tryItRedirectUri,
} from "~/server/try-it/cookies";
import { startLogin } from "~/server/try-it/relying-party";
import { seal } from "~/server/try-it/sealed";
import { createContext } from "~/server/trpc-context";

/**
 * Starts a Try-it login: the signed-in member's application (read through the service,
 * which checks the membership), PKCE + state + nonce sealed in an httpOnly cookie, and a
 * redirect to the broker's authorization endpoint. Public applications start with a link
 * (GET); confidential ones with a form (POST) that carries the secret for this one login.
 */
export function GET(request: NextRequest): Promise<Response> {
  return start(request, request.nextUrl.searchParams.get("applicationId") ?? "");
}

export async function POST(request: NextRequest): Promise<Response> {
  // The form is the portal's own: a cross-site POST (CSRF) is refused. Pages are served with
  // Referrer-Policy: no-referrer, under which browsers send `Origin: null` even for a
  // same-origin form, so Fetch Metadata (Sec-Fetch-Site) is the primary signal. The session
  // cookie is SameSite=Lax as well, so a cross-site POST would arrive signed out anyway.
  const sameOrigin =
    request.headers.get("sec-fetch-site") === "same-origin" ||
    request.headers.get("origin") === new URL(env.PORTAL_URL).origin;
  if (!sameOrigin) return new Response("Cross-site request refused.", { status: 403 });
  const form = await request.formData().catch(() => null);
  const field = (name: string) => {
    const value = form?.get(name);
    return typeof value === "string" ? value : "";
  };
  return start(request, field("applicationId"), field("clientSecret").trim());
}

async function start(
  request: NextRequest,
  applicationId: string,
  clientSecret?: string,
): Promise<Response> {
  const session = await auth();
  if (!session?.user?.id) {
    const next = `/try-it/start?applicationId=${encodeURIComponent(applicationId)}`;
    return NextResponse.redirect(
      new URL(`/sign-in?next=${encodeURIComponent(next)}`, env.PORTAL_URL),
      303,
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
  const back = new URL(`/apps/${application.id}#try-it`, env.PORTAL_URL);
  // Public apps redeem the code with PKCE alone; a confidential one needs the secret the
  // developer typed in, since the portal keeps only its hash (docs/portal.md, "Try it").
  const confidential = application.type === "CONFIDENTIAL";
  if (
    (confidential && !clientSecret) ||
    // Native apps get the insurer's answer at their App Link (DESIGN.md §4 "Mobile flows").
    application.platform === "NATIVE" ||
    !application.redirectUris.includes(tryItRedirectUri())
  )
    return NextResponse.redirect(back, 303);

  const { url, login } = await startLogin(
    { issuer: env.BROKER_URL, redirectUri: tryItRedirectUri() },
    {
      userId: session.user.id,
      applicationId: application.id,
      clientId: application.clientId,
      clientSecret: confidential ? clientSecret : undefined,
    },
    application.allowedScopes,
  );
  // 303: the browser follows a POST's redirect with GET.
  const response = NextResponse.redirect(url, 303);
  response.cookies.set(PENDING_COOKIE, seal(authSecret(), login), cookieOptions(10 * 60));
  return response;
}
