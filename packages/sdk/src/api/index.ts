/**
 * @lotse/sdk/api: for an API (a resource server) that accepts Lotse's JWT access tokens:
 * verify the token (RFC 9068) and answer refusals as RFC 6750 says. Uses jose, which runs
 * in Node, browsers, Deno, Bun and edge runtimes; the main entry (@lotse/sdk) stays free of
 * it. See docs/sdk.md.
 */
export {
  ACCESS_TOKEN_ALGORITHMS,
  verifyAccessToken,
  type AccessTokenClaims,
  type ActorClaim,
  type VerifyAccessTokenOptions,
} from "./access-token.js";
export { bearerChallenge, readBearerToken } from "./bearer.js";
export { LotseAccessTokenError, type AccessTokenErrorCode } from "./errors.js";
export { LotseError, LotseNetworkError } from "../errors.js";
