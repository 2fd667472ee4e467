/**
 * The broker as a relying party of each insurer IDP (openid-client v6), configured as the
 * gematik federation requires: client id = the broker's entity identifier, ID tokens signed
 * ES256 and encrypted to the broker's federation encryption key (ECDH-ES, A256GCM).
 *
 * No OIDC discovery: the insurer's metadata is the `openid_provider` metadata of its
 * verified trust chain (federation-master.ts), and its ID-token keys are the keys of its
 * verified signed JWKS. openid-client is built from that metadata (`new Configuration`), and
 * its JWKS request is answered from the verified keys without going to the network. A new
 * chain (refreshed, or changed keys) builds a new configuration; no chain, no configuration.
 */
import type { JSONWebKeySet } from "jose";
import * as client from "openid-client";
import type { FederationKeys } from "../keys/federation-keys.js";
import { timedUpstreamFetch } from "../metrics/index.js";
import type { FederationMaster, InsurerTrustChain } from "./federation-master.js";

export type { FederationKeys } from "../keys/federation-keys.js";

/** What openid-client's customFetch calls. */
export type UpstreamSend = (url: string, options: client.CustomFetchOptions) => Promise<Response>;

/**
 * How the broker authenticates to one insurer, chosen from its verified metadata
 * (`token_endpoint_auth_methods_supported`): the ClientAuth, the client metadata that goes
 * with it, and how requests to that insurer are sent (e.g. with a TLS client certificate).
 */
export interface UpstreamClientAuth {
  clientAuth: client.ClientAuth;
  metadata: Partial<client.ClientMetadata>;
  send?: UpstreamSend;
}

export type ClientAuthFor = (
  metadata: client.ServerMetadata,
  keys: FederationKeys,
) => Promise<UpstreamClientAuth>;

/** gemSpec_IDP_Sek's method, with the federation signing key. */
export const privateKeyJwtAuth: ClientAuthFor = async (_metadata, keys) => ({
  clientAuth: client.PrivateKeyJwt({ key: keys.signing.privateKey, kid: keys.signing.kid }),
  metadata: { token_endpoint_auth_method: "private_key_jwt" },
});

export interface UpstreamClients {
  /** Throws the insurer's TrustFailure when its chain does not verify. */
  configFor(issuer: string): Promise<client.Configuration>;
  /** The insurer's ID-token signing keys, from its verified signed JWKS. */
  idTokenKeys(issuer: string): Promise<JSONWebKeySet>;
}

/** The server metadata openid-client works with: the verified provider metadata, nothing fetched. */
export function serverMetadataOf(chain: InsurerTrustChain): client.ServerMetadata {
  const { provider } = chain;
  return {
    ...(provider as client.ServerMetadata),
    issuer: chain.issuer,
    // openid-client asks this URL for the ID-token keys; customFetch answers it with the
    // keys of the verified signed JWKS (below), so no unsigned key set is ever fetched.
    jwks_uri: provider.signed_jwks_uri,
  };
}

export function createUpstreamClients(options: {
  clientId: string;
  federation: Pick<FederationMaster, "trustChain">;
  getFederationKeys: () => Promise<FederationKeys>;
  clientAuthFor?: ClientAuthFor;
}): UpstreamClients {
  const clientAuthFor = options.clientAuthFor ?? privateKeyJwtAuth;
  const built = new Map<
    string,
    { chain: InsurerTrustChain; config: Promise<client.Configuration> }
  >();

  async function build(chain: InsurerTrustChain): Promise<client.Configuration> {
    const keys = await options.getFederationKeys();
    const metadata = serverMetadataOf(chain);
    const auth = await clientAuthFor(metadata, keys);
    const jwksUri = metadata.jwks_uri;
    const verifiedKeys = JSON.stringify(chain.idTokenKeys);
    // Every request to the insurer is timed (lotse_broker_upstream_request_duration_seconds).
    const timed = timedUpstreamFetch(chain.issuer, () => metadata, auth.send);
    const send: UpstreamSend = async (url, init) =>
      url.split("?")[0] === jwksUri
        ? new Response(verifiedKeys, { headers: { "content-type": "application/json" } })
        : timed(url, init);
    const config = new client.Configuration(
      metadata,
      options.clientId,
      {
        id_token_signed_response_alg: "ES256",
        id_token_encrypted_response_alg: "ECDH-ES",
        id_token_encrypted_response_enc: "A256GCM",
        ...auth.metadata,
      },
      auth.clientAuth,
    );
    config[client.customFetch] = send;
    const url = new URL(chain.issuer);
    // Plain http only for loopback development IDPs (the sandbox).
    if (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname))
      client.allowInsecureRequests(config);
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
    // insurer's keys from its verified signed JWKS.
    client.enableNonRepudiationChecks(config);
    return config;
  }

  return {
    async configFor(issuer) {
      const chain = await options.federation.trustChain(issuer);
      const hit = built.get(issuer);
      if (hit && hit.chain === chain) return hit.config;
      const config = build(chain);
      built.set(issuer, { chain, config });
      // A failed build is not kept: the next login tries again.
      config.catch(() => {
        if (built.get(issuer)?.config === config) built.delete(issuer);
      });
      return config;
    },
    async idTokenKeys(issuer) {
      return (await options.federation.trustChain(issuer)).idTokenKeys;
    },
  };
}
