/** OpenID Connect RP-Initiated Logout 1.0 §2: the URL that ends the session at the broker. */
import type { ClientContext } from "./context.js";
import { LotseProtocolError } from "./errors.js";

export interface LogoutOptions {
  /** The ID token of the session; lets the broker skip asking the person. */
  idTokenHint?: string;
  /** One of the app's registered post-logout redirect URIs. */
  postLogoutRedirectUri?: string;
  state?: string;
  uiLocales?: string;
}

export async function logoutUrl(
  context: ClientContext,
  options: LogoutOptions = {},
): Promise<string> {
  const { end_session_endpoint } = await context.metadata();
  if (!end_session_endpoint)
    throw new LotseProtocolError("invalid_response", "The broker has no end_session_endpoint.");
  const url = new URL(end_session_endpoint);
  const params: Record<string, string | undefined> = {
    client_id: context.clientId,
    id_token_hint: options.idTokenHint,
    post_logout_redirect_uri: options.postLogoutRedirectUri,
    state: options.state,
    ui_locales: options.uiLocales,
  };
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}
