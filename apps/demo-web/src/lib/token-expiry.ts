/**
 * Whether an access token counts as expired: a little before its `exp`, for the time a
 * request with it is in flight, but never earlier than halfway through its lifetime (so a
 * very short-lived token is still used before it is refreshed again).
 */
export function accessTokenExpired(
  token: { accessTokenExpiresAt: number; accessTokenIssuedAt: number },
  nowSeconds: number,
): boolean {
  const lifetime = Math.max(0, token.accessTokenExpiresAt - token.accessTokenIssuedAt);
  const slack = Math.min(10, lifetime / 2);
  return nowSeconds >= token.accessTokenExpiresAt - slack;
}

/** The same, at this instant (a server render happens once per request). */
export function accessTokenExpiredNow(token: {
  accessTokenExpiresAt: number;
  accessTokenIssuedAt: number;
}): boolean {
  return accessTokenExpired(token, Math.floor(Date.now() / 1000));
}
