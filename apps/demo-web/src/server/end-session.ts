/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): where to send the
 * browser after this app's own session is cleared, so the broker ends its session too.
 */
export function endSessionUrl(options: {
  endSessionEndpoint: string;
  clientId: string;
  idToken: string | undefined;
  postLogoutRedirectUri: string;
}): string {
  const url = new URL(options.endSessionEndpoint);
  // §2: id_token_hint is RECOMMENDED; with it the broker knows whose session to end and
  // may skip asking. client_id lets it check post_logout_redirect_uri even without one.
  if (options.idToken) url.searchParams.set("id_token_hint", options.idToken);
  url.searchParams.set("client_id", options.clientId);
  // Must be registered for the client exactly (§3), or the broker does not redirect.
  url.searchParams.set("post_logout_redirect_uri", options.postLogoutRedirectUri);
  return url.href;
}
