/**
 * The broker as a relying party of each insurer IDP (openid-client v6), configured as the
 * gematik federation requires: client id = the broker's entity identifier, client
 * authentication by private_key_jwt with the broker's federation signing key, ID tokens
 * signed ES256 and encrypted to the broker's federation encryption key (ECDH-ES, A256GCM).
 */
import * as client from "openid-client";
import { timedUpstreamFetch } from "../metrics/index.js";

export interface FederationKeys {
  signing: { kid: string; privateKey: client.CryptoKey };
  encryption: { kid: string; privateKey: client.CryptoKey };
}

export interface UpstreamClients {
  configFor(issuer: string): Promise<client.Configuration>;
}

export function createUpstreamClients(options: {
  clientId: string;
  getFederationKeys: () => Promise<FederationKeys>;
  cacheMs?: number;
}): UpstreamClients {
  const cacheMs = options.cacheMs ?? 10 * 60_000;
  const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

  async function discover(issuer: string): Promise<client.Configuration> {
    const keys = await options.getFederationKeys();
    const url = new URL(issuer);
    // Every request to the insurer is timed (lotse_broker_upstream_request_duration_seconds),
    // named by the insurer's metadata once discovery has fetched it.
    const discovered: { metadata?: client.ServerMetadata } = {};
    const timed = timedUpstreamFetch(issuer, () => discovered.metadata);
    const loopback =
      url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    const config = await client.discovery(
      url,
      options.clientId,
      {
        token_endpoint_auth_method: "private_key_jwt",
        id_token_signed_response_alg: "ES256",
        id_token_encrypted_response_alg: "ECDH-ES",
        id_token_encrypted_response_enc: "A256GCM",
      },
      client.PrivateKeyJwt({ key: keys.signing.privateKey, kid: keys.signing.kid }),
      // Plain http only for loopback development IDPs (the sandbox).
      loopback
        ? { execute: [client.allowInsecureRequests], [client.customFetch]: timed }
        : { [client.customFetch]: timed },
    );
    discovered.metadata = config.serverMetadata();
    // The IDP names our encryption key's kid in the JWE header; openid-client only
    // selects a key whose kid matches.
    client.enableDecryptingResponses(config, ["A256GCM"], {
      key: keys.encryption.privateKey,
      alg: "ECDH-ES",
      kid: keys.encryption.kid,
    });
    // openid-client does not verify the signature of an ID token that came straight from
    // the token endpoint over TLS (OIDC Core §3.1.3.7 allows that). Here it is the
    // evidence of the person's login at their insurer, so it is verified against the
    // IDP's JWKS.
    client.enableNonRepudiationChecks(config);
    return config;
  }

  return {
    configFor(issuer) {
      const hit = cache.get(issuer);
      if (hit && Date.now() - hit.at < cacheMs) return hit.config;
      const config = discover(issuer);
      cache.set(issuer, { at: Date.now(), config });
      // A failed discovery is not cached: the next login tries again.
      config.catch(() => cache.delete(issuer));
      return config;
    },
  };
}
