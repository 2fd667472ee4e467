/**
 * How the broker authenticates to an insurer, chosen by the insurer's metadata
 * (`token_endpoint_auth_methods_supported`, RFC 8414 §2): `private_key_jwt` with the federation
 * signing key whenever offered (gemSpec_IDP_Sek's method), else `self_signed_tls_client_auth`
 * (RFC 8705 §2.2) with the same key as TLS client key and its self-signed certificate
 * (keys/tls-client-certificate.ts), sent to the insurer's `mtls_endpoint_aliases` (RFC 8705 §5).
 *
 * Also the broker's TLS trust toward insurers: the system CAs plus UPSTREAM_TLS_CA_FILE (the
 * sandbox's self-signed certificate in development). Requests go through openid-client's
 * customFetch with an undici Agent, as openid-client documents for mTLS.
 */
import { rootCertificates } from "node:tls";
import * as client from "openid-client";
import { Agent, fetch as undiciFetch } from "undici";
import type { FederationKeys } from "../keys/federation-keys.js";

export const CLIENT_AUTH_METHODS = ["private_key_jwt", "self_signed_tls_client_auth"] as const;
export type UpstreamAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** An insurer that offers none of the methods the broker speaks: it cannot be used. */
export class UnsupportedClientAuth extends Error {
  constructor(offered: readonly string[]) {
    super(
      `the insurer offers no client authentication the broker supports (offered: ${offered.join(", ") || "none"}; supported: ${CLIENT_AUTH_METHODS.join(", ")})`,
    );
    this.name = "UnsupportedClientAuth";
  }
}

/**
 * The method for an insurer. Without `token_endpoint_auth_methods_supported` the insurer said
 * nothing, and gematik's sectoral IDPs all take private_key_jwt (RFC 8414's default,
 * client_secret_basic, has no secret to use here).
 */
export function chooseClientAuthMethod(
  metadata: Pick<client.ServerMetadata, "token_endpoint_auth_methods_supported">,
): UpstreamAuthMethod {
  const offered = metadata.token_endpoint_auth_methods_supported;
  if (offered === undefined) return "private_key_jwt";
  const method = CLIENT_AUTH_METHODS.find((candidate) => offered.includes(candidate));
  if (!method) throw new UnsupportedClientAuth(offered);
  return method;
}

/** What openid-client's customFetch calls. */
export type UpstreamSend = (url: string, options: client.CustomFetchOptions) => Promise<Response>;

/** The parts of an openid-client Configuration that depend on the insurer's client authentication. */
export interface UpstreamClientAuth {
  method: UpstreamAuthMethod;
  clientAuth: client.ClientAuth;
  /** Client metadata: the method, and for mTLS `use_mtls_endpoint_aliases` (RFC 8705 §5). */
  metadata: Partial<client.ClientMetadata>;
  /** Sends every request to this insurer: with the client certificate under mTLS. */
  send: UpstreamSend;
}

/** PEM bundle of further CAs to trust upstream, or a function that reads it (a file, lazily). */
export type UpstreamTlsCa = string | (() => Promise<string>);

export interface UpstreamTls {
  /** The client authentication toward an insurer with this metadata. */
  clientAuthFor(
    metadata: Pick<client.ServerMetadata, "token_endpoint_auth_methods_supported">,
    keys: FederationKeys,
  ): Promise<UpstreamClientAuth>;
  /**
   * Requests without a client certificate (the federation's documents): the extra CA is asked
   * for on each https request, so a renewed certificate counts at once (the file is read again
   * only when it changed, upstream-ca-file.ts).
   */
  send: UpstreamSend;
  close(): Promise<void>;
}

type TlsClient = { key: string; cert: string };

/**
 * undici's Response as the global class: the code that reads upstream answers (openid-client,
 * upstream-error.ts) tells them apart with `instanceof Response`. Both stream the body through
 * Node's own web streams, so nothing is copied.
 */
function asGlobalResponse(response: Awaited<ReturnType<typeof undiciFetch>>): Response {
  return new Response(response.body as ReadableStream<Uint8Array> | null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers as unknown as ConstructorParameters<typeof Headers>[0],
  });
}

export function createUpstreamTls(options: { ca?: UpstreamTlsCa | undefined } = {}): UpstreamTls {
  // One agent per trust bundle and client certificate: connections are pooled per insurer
  // origin inside it.
  const agents = new Map<string, Agent>();

  async function extraCa(): Promise<string | undefined> {
    const ca = options.ca;
    if (ca === undefined) return undefined;
    return typeof ca === "string" ? ca : ca();
  }

  /** The agent for https requests; none when the global fetch is exactly right. */
  async function agentFor(tls?: TlsClient): Promise<Agent | undefined> {
    const ca = await extraCa();
    if (!ca && !tls) return undefined;
    const id = JSON.stringify([ca ?? "", tls?.cert ?? ""]);
    let agent = agents.get(id);
    if (!agent) {
      agent = new Agent({
        connect: {
          // Node's `ca` replaces the default trust store, so the system CAs come along.
          ...(ca ? { ca: [...rootCertificates, ca] } : {}),
          ...(tls ? { key: tls.key, cert: tls.cert } : {}),
        },
      });
      agents.set(id, agent);
    }
    return agent;
  }

  /**
   * Sends over TLS with `tls` as client certificate and the extra CA trusted. Plain http (the
   * loopback sandbox) needs neither, so the CA file is read only for the first https request:
   * once per insurer configuration when `perConfiguration` (a renewed certificate is read at
   * the insurer's next trust-chain refresh), else for every request.
   */
  function transport(tls: TlsClient | undefined, perConfiguration: boolean): UpstreamSend {
    let resolved: Promise<Agent | undefined> | undefined;
    return async (url, init) => {
      if (url.startsWith("http:")) return fetch(url, init as RequestInit);
      const pending = (perConfiguration && resolved) || agentFor(tls);
      if (perConfiguration) {
        resolved = pending;
        // A CA file that could not be read is tried again by the next request.
        pending.catch(() => (resolved = undefined));
      }
      const dispatcher = await pending;
      if (!dispatcher) return fetch(url, init as RequestInit);
      return asGlobalResponse(
        await undiciFetch(url, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1]),
      );
    };
  }

  return {
    async clientAuthFor(metadata, keys) {
      const method = chooseClientAuthMethod(metadata);
      if (method === "private_key_jwt")
        return {
          method,
          clientAuth: client.PrivateKeyJwt({ key: keys.signing.privateKey, kid: keys.signing.kid }),
          metadata: { token_endpoint_auth_method: method },
          send: transport(undefined, true),
        };
      const tls = keys.signing.tls;
      if (!tls) throw new Error("the federation signing key has no TLS client certificate");
      return {
        method,
        // RFC 8705 §2.2: the request names the client; the TLS handshake authenticates it.
        clientAuth: client.TlsClientAuth(),
        metadata: { token_endpoint_auth_method: method, use_mtls_endpoint_aliases: true },
        send: transport(tls, true),
      };
    },
    send: transport(undefined, false),
    async close() {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
      agents.clear();
    },
  };
}
