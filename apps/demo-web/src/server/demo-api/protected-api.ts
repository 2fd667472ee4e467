/**
 * demo-web's protected API, as any API behind Lotse would do it: the bearer token
 * (RFC 6750 §2.1) must be a Lotse JWT access token for this API's identifier with the
 * required scope (@lotse/sdk/api, RFC 9068 §4); refusals carry the RFC 6750 §3 challenge.
 * Kept apart from the route so tests can hand it a key set of their own.
 */
import {
  bearerChallenge,
  LotseAccessTokenError,
  LotseNetworkError,
  readBearerToken,
  verifyAccessToken,
  type VerifyAccessTokenOptions,
} from "@lotse/sdk/api";

export const PROTECTED_API_MESSAGE = "Hello from the protected API";
const REALM = "demo-web";
const NO_STORE = { "Cache-Control": "no-store" };

export interface ProtectedApiConfig {
  /** The broker's issuer (demo-web's BROKER_URL). */
  issuer: string;
  /** This API's identifier (DEMO_API_AUDIENCE). */
  audience: string;
  /** The scope(s) every request needs (DEMO_API_SCOPE). */
  scope: string;
  /** Tests only: the keys to trust instead of the broker's JWKS. */
  jwks?: VerifyAccessTokenOptions["jwks"];
}

/** The answer to `GET /api/protected` with this `Authorization` header. */
export async function answerProtectedApi(
  authorization: string | null,
  config: ProtectedApiConfig,
): Promise<Response> {
  try {
    const claims = await verifyAccessToken(readBearerToken(authorization), {
      issuer: config.issuer,
      audience: config.audience,
      requiredScopes: config.scope,
      ...(config.jwks ? { jwks: config.jwks } : {}),
    });
    return Response.json(
      {
        message: PROTECTED_API_MESSAGE,
        sub: claims.sub,
        client_id: claims.clientId,
        scope: claims.scopes.join(" "),
      },
      { headers: NO_STORE },
    );
  } catch (error) {
    if (error instanceof LotseAccessTokenError) {
      // The reason is the SDK's fixed sentence; it never contains the token or a claim value.
      console.warn(`demo-web: /api/protected refused: ${error.code}: ${error.description}`);
      return Response.json(
        {
          error: error.code,
          error_description: error.description,
          ...(error.code === "insufficient_scope" ? { scope: error.requiredScopes.join(" ") } : {}),
        },
        {
          status: error.status,
          headers: { ...NO_STORE, "WWW-Authenticate": bearerChallenge(error, { realm: REALM }) },
        },
      );
    }
    if (error instanceof LotseNetworkError) {
      console.error(`demo-web: /api/protected: ${error.message}`);
      return Response.json(
        {
          error: "temporarily_unavailable",
          error_description: "The broker's keys cannot be fetched; try again.",
        },
        { status: 503, headers: { ...NO_STORE, "Retry-After": "5" } },
      );
    }
    throw error;
  }
}
