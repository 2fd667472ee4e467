/**
 * Times the broker's requests to an insurer (openid-client's customFetch hook): discovery,
 * PAR, the token request, JWKS. The endpoint label is derived from the insurer's metadata,
 * never from the URL itself, so a query or path cannot create new series.
 */
import type * as client from "openid-client";
import { brokerMetrics } from "./registry.js";

type Fetch = (url: string, options: client.CustomFetchOptions) => Promise<Response>;

function endpointOf(url: string, metadata: client.ServerMetadata | undefined): string {
  const bare = url.split("?")[0];
  if (!metadata) return "discovery";
  // RFC 8705 §5: an insurer that authenticates clients by mTLS may name other URLs for them.
  const aliases = metadata.mtls_endpoint_aliases ?? {};
  if (bare === aliases.pushed_authorization_request_endpoint) return "par";
  if (bare === aliases.token_endpoint) return "token";
  if (bare === aliases.backchannel_authentication_endpoint) return "ciba";
  if (bare === metadata.pushed_authorization_request_endpoint) return "par";
  if (bare === metadata.token_endpoint) return "token";
  if (bare === metadata.jwks_uri) return "jwks";
  if (bare === metadata.userinfo_endpoint) return "userinfo";
  if (bare === metadata.backchannel_authentication_endpoint) return "ciba";
  return bare?.includes("/.well-known/") ? "discovery" : "other";
}

/** `send` makes the request: the global fetch, or the insurer's TLS client (federation/client-auth.ts). */
export function timedUpstreamFetch(
  insurer: string,
  metadata: () => client.ServerMetadata | undefined,
  send: Fetch = (url, options) => fetch(url, options as RequestInit),
): Fetch {
  return async (url, options) => {
    const end = brokerMetrics.upstreamRequests.startTimer({
      insurer,
      endpoint: endpointOf(url, metadata()),
    });
    try {
      const response = await send(url, options);
      end({ outcome: response.status < 400 ? "ok" : "error" });
      return response;
    } catch (error) {
      end({ outcome: "error" });
      throw error;
    }
  };
}
