import { NextResponse, type NextRequest } from "next/server";
import { env } from "~/env";
import { auth } from "~/server/auth";
import {
  authSecret,
  cookieOptions,
  PENDING_COOKIE,
  RESULT_COOKIE,
  tryItRedirectUri,
} from "~/server/try-it/cookies";
import { pendingLoginSchema, redeem, TryItError } from "~/server/try-it/relying-party";
import { seal, unseal } from "~/server/try-it/sealed";
import type { TryItResult } from "~/server/try-it/result";

/**
 * The broker sends the Try-it login back here. Checks state against the sealed cookie
 * (RFC 6749 §10.12: CSRF) and that the same portal user started it, redeems the code with
 * the PKCE verifier, and hands the checked claims to /try-it/result in a sealed cookie.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const params = request.nextUrl.searchParams;
  const session = await auth();
  const pending = pendingLoginSchema.safeParse(
    unseal(authSecret(), request.cookies.get(PENDING_COOKIE)?.value),
  );
  if (!pending.success || !session?.user?.id || pending.data.userId !== session.user.id)
    return new Response("No Try-it login of yours is in progress. Start it again.", {
      status: 400,
    });
  const login = pending.data;
  if (params.get("state") !== login.state)
    return new Response("The state does not match this Try-it login.", { status: 400 });

  let result: TryItResult;
  const code = params.get("code");
  if (params.get("error") || !code) {
    result = {
      applicationId: login.applicationId,
      error: `The broker answered ${params.get("error") ?? "without a code"}${
        params.get("error_description") ? `: ${params.get("error_description")}` : ""
      }`,
    };
  } else {
    try {
      const claims = await redeem(
        { issuer: env.BROKER_URL, redirectUri: tryItRedirectUri() },
        login,
        code,
      );
      result = { applicationId: login.applicationId, claims };
    } catch (error) {
      if (!(error instanceof TryItError)) throw error;
      result = { applicationId: login.applicationId, error: error.message };
    }
  }
  const response = NextResponse.redirect(
    new URL(
      `/try-it/result?applicationId=${encodeURIComponent(login.applicationId)}`,
      env.PORTAL_URL,
    ),
  );
  // The verifier and nonce are used once.
  response.cookies.set(PENDING_COOKIE, "", cookieOptions(0));
  response.cookies.set(
    RESULT_COOKIE,
    seal(authSecret(), { ...result, userId: login.userId }),
    cookieOptions(5 * 60),
  );
  return response;
}
