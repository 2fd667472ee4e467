/**
 * The URL the app was opened with, in flows A and B. It is one of two things:
 *
 * - the broker's authorization response (`code` or `error`, the app's `state`, `iss` = the
 *   broker), answered as is;
 * - the insurer's return to the app (its own `code`/`error`, the broker's upstream `state`,
 *   `iss` = the insurer), which the broker's exchange API turns into the first kind.
 *
 * The app's own state tells them apart: the insurer never sees it.
 */
import type { ClientContext } from "./context.js";
import { LotseAuthError, LotseProtocolError } from "./errors.js";
import { exchange } from "./native-api.js";
import { parseUrl } from "./url.js";

export interface AuthorizationResponse {
  /** The broker's code, for `redeemCode`. */
  code: string;
  state: string;
  iss: string | undefined;
  /** The broker's redirect URL (after the exchange, if there was one), e.g. for AppAuth. */
  redirectUrl: string;
}

/** Query parameters, or the fragment's when the link handler moved them there. */
function responseParams(url: URL): URLSearchParams {
  if (url.search) return url.searchParams;
  return new URLSearchParams(url.hash.startsWith("#") ? url.hash.slice(1) : "");
}

function toUrl(value: string | URL, what: string): URL {
  const url = typeof value === "string" ? parseUrl(value) : value;
  if (!url) throw new LotseProtocolError("invalid_response", `${what} is not an absolute URL.`);
  return url;
}

/** Checks a broker authorization response and answers its code. */
async function brokerResponse(
  context: ClientContext,
  url: URL,
  expectedState: string,
): Promise<AuthorizationResponse> {
  const params = responseParams(url);
  const iss = params.get("iss") ?? undefined;
  const { authorization_response_iss_parameter_supported: issRequired } = await context.metadata();
  // RFC 9207 §2.4: mix-up defence. A response from another issuer, or none where the broker
  // promises one, is rejected before anything in it is used.
  if (iss === undefined ? issRequired === true : iss !== context.issuer)
    throw new LotseAuthError("issuer_mismatch", {
      errorDescription: `The response is from ${iss ?? "an unnamed issuer"}, not ${context.issuer}.`,
    });
  // RFC 6749 §10.12, RFC 9700 §4.7: the state must be the one this app stored.
  const state = params.get("state") ?? undefined;
  if (state !== expectedState)
    throw new LotseAuthError("state_mismatch", {
      errorDescription: "The response's state is not the one of this login.",
      ...(state !== undefined ? { state } : {}),
    });
  const error = params.get("error");
  if (error)
    throw new LotseAuthError(error, {
      state,
      ...(params.get("error_description")
        ? { errorDescription: params.get("error_description")! }
        : {}),
    });
  const code = params.get("code");
  if (!code)
    throw new LotseProtocolError(
      "invalid_response",
      "The response carries neither code nor error.",
    );
  return { code, state, iss, redirectUrl: url.href };
}

export async function handleRedirect(
  context: ClientContext,
  url: string | URL,
  options: { expectedState: string },
): Promise<AuthorizationResponse> {
  const opened = toUrl(url, "The redirect URL");
  const params = responseParams(opened);
  const fromBroker =
    params.get("iss") === context.issuer || params.get("state") === options.expectedState;
  if (fromBroker) return brokerResponse(context, opened, options.expectedState);
  // The insurer's return: the broker holds its state and PKCE verifier.
  const { redirectUrl } = await exchange(context, { redirectUrl: opened.href });
  return brokerResponse(
    context,
    toUrl(redirectUrl, "The exchange's redirectUrl"),
    options.expectedState,
  );
}
