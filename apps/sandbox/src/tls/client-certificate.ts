/**
 * Mutual TLS at the sandbox insurers (RFC 8705): the HTTPS listener that asks every client for
 * a certificate, and how an insurer's OpenID provider reads the one presented on the request's
 * connection. Self-signed client certificates (§2.2) are the point, so the TLS layer accepts
 * any; whether it is the client's is oidc-provider's check (`self_signed_tls_client_auth`:
 * the certificate's SHA-256 thumbprint against the `x5c` of the client's registered JWKS).
 */
import https from "node:https";
import { TLSSocket } from "node:tls";
import type { X509Certificate } from "node:crypto";
import type { Configuration, KoaContextWithOIDC } from "oidc-provider";
import type Koa from "koa";
import { SERVER_OPTIONS } from "@lotse/server";
import type { ServerCertificate } from "./server-certificate.js";

/**
 * The mTLS listener for `app`: `requestCert` so a client can present its certificate,
 * `rejectUnauthorized: false` because a self-signed one cannot chain to any CA (RFC 8705 §2.2);
 * a connection without a certificate is served too, and its client authentication fails.
 */
export function createMtlsServer(app: Koa, certificate: ServerCertificate): https.Server {
  return https.createServer(
    {
      ...SERVER_OPTIONS,
      key: certificate.key,
      cert: certificate.cert,
      requestCert: true,
      rejectUnauthorized: false,
    },
    app.callback(),
  );
}

/**
 * The client certificate of the request's TLS connection; none over plain HTTP (the sandbox's
 * main listener), so there `self_signed_tls_client_auth` fails with invalid_client.
 */
export function peerCertificate(ctx: KoaContextWithOIDC): X509Certificate | undefined {
  const socket = ctx.req.socket;
  if (!(socket instanceof TLSSocket)) return undefined;
  return socket.getPeerX509Certificate();
}

/**
 * oidc-provider's mTLS feature for an insurer that authenticates clients only by their
 * self-signed certificate (RFC 8705 §2.2; token, PAR and CIBA endpoints alike).
 */
export function selfSignedTlsClientAuth(): Pick<Configuration, "clientAuthMethods"> & {
  features: Pick<NonNullable<Configuration["features"]>, "mTLS">;
} {
  return {
    clientAuthMethods: ["self_signed_tls_client_auth"],
    features: {
      mTLS: {
        enabled: true,
        selfSignedTlsClientAuth: true,
        getCertificate: peerCertificate,
      },
    },
  };
}
