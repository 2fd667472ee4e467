import { TLSSocket } from "node:tls";
import type { MTLSConfiguration } from "oidc-provider";
import type { IdpDefinition } from "./idp-registry.js";

/**
 * oidc-provider's mutual-TLS client authentication for an insurer that asks for it
 * (`self_signed_tls_client_auth`, RFC 8705 §2.2): the client's certificate is the one its
 * TLS connection presented, matched against the `x5c`/keys of its registered JWKS. Only a
 * connection to the sandbox's HTTPS listener (SANDBOX_MTLS_URL) carries one.
 */
export function mtlsFeature(idp: IdpDefinition): MTLSConfiguration {
  return {
    enabled: idp.clientAuthMethod === "self_signed_tls_client_auth",
    selfSignedTlsClientAuth: true,
    getCertificate: (ctx) => {
      const socket = ctx.socket;
      if (!(socket instanceof TLSSocket)) return undefined;
      return socket.getPeerX509Certificate()?.toString();
    },
  };
}
