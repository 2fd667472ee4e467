/**
 * A fake `fetch` for the SDK's unit tests: answers by path, records every request. Only for
 * unit tests of the SDK itself; the broker is exercised for real in
 * apps/broker/test/sdk.int.test.ts.
 */
import { base64urlEncode } from "../base64url.js";
import { createLotseClient, type LotseClientOptions } from "../client.js";

export const ISSUER = "https://lotse.test";
export const CLIENT_ID = "demo-mobile";
export const REDIRECT_URI = "https://app.example.de/app/ce";
export const INSURER = "https://idp.insurer.test";

export const CONFIGURATION = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/connect/auth`,
  token_endpoint: `${ISSUER}/connect/token`,
  jwks_uri: `${ISSUER}/.well-known/jwks`,
  revocation_endpoint: `${ISSUER}/connect/revocation`,
  end_session_endpoint: `${ISSUER}/connect/endsession`,
  authorization_response_iss_parameter_supported: true,
};

export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: string | undefined;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/** An unsigned JWS-shaped token with these claims (the SDK does not check signatures). */
export function idToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64urlEncode(new TextEncoder().encode(JSON.stringify(value)));
  return `${part({ alg: "ES256", kid: "k" })}.${part(claims)}.c2lnbmF0dXJl`;
}

export function idTokenClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, sub: "sub-1", aud: CLIENT_ID, exp: now + 300, iat: now, ...overrides };
}

export function fakeBroker(
  routes: Record<string, Handler> = {},
  options: Partial<LotseClientOptions> = {},
) {
  const requests: RecordedRequest[] = [];
  const all: Record<string, Handler> = {
    "GET /.well-known/openid-configuration": () => json(CONFIGURATION),
    ...routes,
  };
  const fetch = async (input: string, init: RequestInit = {}) => {
    const request: RecordedRequest = {
      url: new URL(input),
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : undefined,
    };
    requests.push(request);
    const handler = all[`${request.method} ${request.url.pathname}`];
    return handler ? handler(request) : json({ error: "not_found", error_description: "" }, 404);
  };
  const client = createLotseClient({
    issuer: ISSUER,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    fetch,
    ...options,
  });
  /** The requests other than discovery. */
  const calls = () => requests.filter((r) => !r.url.pathname.startsWith("/.well-known/"));
  return { client, requests, calls };
}
