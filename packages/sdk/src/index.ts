/**
 * @lotse/sdk: a client for apps and their backends (browsers, React Native, Node ≥ 20), built
 * on `fetch` and WebCrypto only, with no run-time dependency (the claim names' types come from
 * @lotse/domain). The access token checks for APIs are a separate entry, @lotse/sdk/api
 * (./api/index.ts), the only one that loads jose. See docs/sdk.md.
 */
export { createLotseClient, type LotseClient, type LotseClientOptions } from "./client.js";
export type { AuthorizationOptions, AuthorizationRequest } from "./authorization.js";
export { discover, type OpenIdConfiguration } from "./discovery.js";
export { LotseAuthError, LotseError, LotseNetworkError, LotseProtocolError } from "./errors.js";
export type { FetchLike } from "./http.js";
export { decodeIdToken, type IdTokenClaims } from "./id-token.js";
export type { LogoutOptions } from "./logout.js";
export type { ExchangeInput, Idp } from "./native-api.js";
export { createPkce, randomNonce, randomState, type Pkce } from "./pkce.js";
export type { AuthorizationResponse } from "./redirect.js";
export type { RedeemCodeOptions, TokenSet } from "./tokens.js";
