/**
 * The portal as a relying party of the broker, for one thing only: "Try it" on an
 * application page (docs/portal.md). Discovery, the authorization request (PKCE S256, state,
 * nonce), the code redemption and the ID token's claim checks are @lotse/sdk's; the
 * signature check that the SDK leaves to a JOSE library is jose's. Together they are the
 * checks OIDC Core §3.1.3.7 requires of a code-flow client.
 */
import {
  createLotseClient,
  LotseAuthError,
  LotseNetworkError,
  LotseProtocolError,
  type FetchLike,
  type LotseClient,
} from "@lotse/sdk";
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { z } from "zod";

/** Scopes Try it asks for: the registered ones, without offline_access (no refresh token is needed). */
const tryItScopes = (allowedScopes: readonly string[]) =>
  allowedScopes.filter((scope) => scope !== "offline_access");

export interface PendingLogin {
  userId: string;
  applicationId: string;
  clientId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /**
   * A confidential application's secret, typed in by the developer for this one login. It
   * lives only in the sealed (encrypted) pending cookie until the code is redeemed.
   */
  clientSecret?: string | undefined;
}

export const pendingLoginSchema = z.object({
  userId: z.string(),
  applicationId: z.string(),
  clientId: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  clientSecret: z.string().optional(),
}) satisfies z.ZodType<PendingLogin>;

/** Who tries: the portal user, the application and, for a confidential one, its secret. */
export type TryItClient = Pick<
  PendingLogin,
  "userId" | "applicationId" | "clientId" | "clientSecret"
>;

export interface Broker {
  /** The broker's issuer (`BROKER_URL`); its discovery document must name exactly this. */
  issuer: string;
  /** The portal's Try-it callback, registered by the developer. */
  redirectUri: string;
  /** For tests; by default the global fetch without Next's data cache. */
  fetch?: FetchLike;
}

/**
 * Discovery and the JWKS are read on every Try-it: cheap, and a change at the broker is
 * never hidden by a cache.
 */
const fetchNoStore: FetchLike = (input, init) => fetch(input, { ...init, cache: "no-store" });

/** A client per Try-it, so its discovery cache lives only as long as one request. */
function lotseClient(broker: Broker, client: Pick<TryItClient, "clientId" | "clientSecret">) {
  return createLotseClient({
    issuer: broker.issuer,
    clientId: client.clientId,
    // Set: client_secret_basic (RFC 6749 §2.3.1); unset: a public client, client_id in the body.
    clientSecret: client.clientSecret || undefined,
    redirectUri: broker.redirectUri,
    fetch: broker.fetch ?? fetchNoStore,
    // No leeway for `exp`, as in jose's check below (the SDK's default allows 60 s).
    clockTolerance: 0,
  });
}

/**
 * A new login: the broker's authorization URL (with the registered scopes except
 * offline_access) and what the callback needs, to be sealed in the pending cookie.
 */
export async function startLogin(
  broker: Broker,
  client: TryItClient,
  allowedScopes: readonly string[],
): Promise<{ url: string; login: PendingLogin }> {
  // RFC 7636 / RFC 9700 §2.1.1: the SDK sends PKCE S256, a fresh state and nonce every time.
  const request = await lotseClient(broker, client).buildAuthorizationUrl({
    scope: tryItScopes(allowedScopes),
  });
  const { clientSecret, ...ids } = client;
  return {
    url: request.url,
    login: {
      ...ids,
      state: request.state,
      nonce: request.nonce,
      codeVerifier: request.pkce.verifier,
      ...(clientSecret ? { clientSecret } : {}),
    },
  };
}

/** A failed try, told to the developer on the result page. */
export class TryItError extends Error {}

/**
 * Redeems the code (PKCE, plus client_secret_basic for a confidential application) and
 * returns the checked ID token claims.
 */
export async function redeem(
  broker: Broker,
  login: PendingLogin,
  code: string,
): Promise<Record<string, unknown>> {
  const lotse = lotseClient(broker, login);
  const { issuer, jwks_uri } = await lotse.discover();
  const idToken = await redeemForIdToken(lotse, login, code);
  const keys = createRemoteJWKSet(new URL(jwks_uri), {
    [customFetch]: (url, init) => (broker.fetch ?? fetchNoStore)(url, init),
  });
  return verifyIdToken(idToken, keys, { issuer, clientId: login.clientId });
}

/**
 * The SDK checks the ID token's iss, aud/azp, exp and nonce (OIDC Core §3.1.3.7 (2)-(4),
 * (9), (11)) before it answers.
 */
async function redeemForIdToken(
  lotse: LotseClient,
  login: PendingLogin,
  code: string,
): Promise<string> {
  try {
    const tokens = await lotse.redeemCode({
      code,
      codeVerifier: login.codeVerifier,
      nonce: login.nonce,
    });
    // With a nonce the SDK refuses an answer without an ID token (OIDC Core §3.1.3.3).
    if (!tokens.idToken) throw new TryItError("The token endpoint answered without an ID token.");
    return tokens.idToken;
  } catch (error) {
    // The OAuth error code only (RFC 6749 §5.2); never the code or a token.
    if (error instanceof LotseAuthError)
      throw new TryItError(`The token endpoint answered ${error.status} ${error.error}`);
    if (error instanceof LotseNetworkError && error.code === "http_error")
      throw new TryItError(`The token endpoint answered ${error.status}`);
    if (error instanceof LotseProtocolError) throw new TryItError(error.message);
    throw error;
  }
}

/** What each of jose's refusals means here, in the words of the result page. */
const JOSE_REFUSALS: Record<string, string> = {
  ERR_JWKS_NO_MATCHING_KEY: "The ID token's key is not in the broker's JWKS.",
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: "The ID token's signature does not verify.",
  ERR_JOSE_ALG_NOT_ALLOWED: "Unsupported ID token algorithm.",
};

/**
 * OIDC Core §3.1.3.7 (6), (7): the signature with the broker's key, since the development
 * broker speaks plain http and TLS alone cannot vouch for the token. jose checks iss, aud
 * and exp again on the way.
 */
async function verifyIdToken(
  idToken: string,
  keys: JWTVerifyGetKey,
  expected: { issuer: string; clientId: string },
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, keys, {
      issuer: expected.issuer,
      audience: expected.clientId,
      // Asymmetric signatures only: never `none`, never a public key used as an HMAC secret
      // (RFC 8725 §3.1).
      algorithms: ["RS256", "PS256", "ES256"],
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JOSEError)
      throw new TryItError(
        JOSE_REFUSALS[error.code] ?? `The ID token does not verify: ${error.message}`,
      );
    throw error;
  }
}
