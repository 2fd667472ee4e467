/**
 * The sandbox's mutual-TLS listener (RFC 8705): the insurers' `mtls_endpoint_aliases` (§5) live
 * here, path-identical to the main listener, on the same Koa app. Self-signed client
 * certificates (§2.2) are the point, so the TLS layer accepts any; whether it is the client's
 * is oidc-provider's check (idp/mtls.ts: the certificate's SHA-256 thumbprint against the
 * `x5c` of the client's registered JWKS). A connection without a certificate is served too,
 * and its client authentication fails with invalid_client.
 */
import type { RequestListener } from "node:http";
import https from "node:https";
import { SERVER_OPTIONS } from "@lotse/server";
import type { ServerCertificate } from "./server-certificate.js";

/** The listener; `handle` is the sandbox app's callback (tests attach it once the app exists). */
export function createMtlsServer(
  certificate: ServerCertificate,
  handle?: RequestListener,
): https.Server {
  return https.createServer(
    {
      ...SERVER_OPTIONS,
      key: certificate.key,
      cert: certificate.cert,
      // Ask every client for its certificate, and take a self-signed one (no CA to chain to).
      requestCert: true,
      rejectUnauthorized: false,
    },
    handle,
  );
}
