/**
 * Reads what the app sends to the exchange API: either `{clientId, code, state}` or the
 * whole deep link `{clientId, redirectUrl}`, from which code, state, iss or the insurer's
 * error are taken (RFC 6749 §4.1.2, RFC 9207). The link's query is held to the same rule as
 * a request's own query (protection/well-formed-text.ts).
 */
import type { NativeAnswer } from "../login/finish-native-authorization.js";
import { urlEncodedProblem } from "../protection/well-formed-text.js";
import { ApiError } from "./api-error.js";
import type { ExchangeRequest } from "./schemas.js";

export function readDeepLink(input: ExchangeRequest): NativeAnswer {
  if ("code" in input) return { clientId: input.clientId, code: input.code, state: input.state };
  const url = URL.parse(input.redirectUrl);
  if (!url) throw new ApiError(400, "invalid_request", "redirectUrl is not an absolute URL.");
  // Some link handlers deliver the response in the fragment; accept both places.
  const encoded = url.search ? url.search.slice(1) : url.hash.slice(1);
  const problem = urlEncodedProblem(encoded);
  if (problem) throw new ApiError(400, "invalid_request", `redirectUrl holds ${problem}.`);
  const query = new URLSearchParams(encoded);
  const state = query.get("state");
  if (!state)
    throw new ApiError(
      400,
      "invalid_request",
      "redirectUrl carries no state: pass the full link the app was opened with, query included.",
    );
  const error = query.get("error");
  const code = query.get("code");
  if (!error && !code)
    throw new ApiError(400, "invalid_request", "redirectUrl carries neither code nor error.");
  url.search = "";
  url.hash = "";
  return {
    clientId: input.clientId,
    state,
    ...(code ? { code } : {}),
    ...(query.get("iss") ? { iss: query.get("iss")! } : {}),
    ...(error ? { error, errorDescription: query.get("error_description") ?? "" } : {}),
    base: url.href,
  };
}

/** The app's redirect URI with the authorization response (RFC 6749 §4.1.2, RFC 9207 `iss`). */
export function appRedirect(
  redirectUri: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}
