/**
 * Next.js proxy (formerly middleware): every page gets a fresh CSP nonce and the policy
 * (server/security-headers.ts), HSTS when served over https. Next.js reads the nonce from
 * the request's Content-Security-Policy header and puts it on its own scripts while it
 * renders, which is why every page renders per request (app/layout.tsx).
 */
import { NextResponse, type NextRequest } from "next/server";
import { env } from "~/env";
import {
  contentSecurityPolicy,
  createNonce,
  servedOverHttps,
  STRICT_TRANSPORT_SECURITY,
} from "~/server/security-headers";

export function proxy(request: NextRequest) {
  const https = servedOverHttps(
    env.PORTAL_URL,
    request.url,
    request.headers.get("x-forwarded-proto"),
  );
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    development: env.NODE_ENV === "development",
    brokerOrigin: new URL(env.BROKER_URL).origin,
    imageOrigins: [new URL(env.SANDBOX_URL).origin],
    https,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    {
      // Not the build's static files: they are not documents, and carry no nonce.
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
      // Nor prefetches: they fetch render data, not a document.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
