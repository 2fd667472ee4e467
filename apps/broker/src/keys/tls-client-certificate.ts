/**
 * The broker's TLS client certificate toward insurers that authenticate their clients by
 * `self_signed_tls_client_auth` (RFC 8705 §2.2): a self-signed X.509 certificate for the
 * FEDERATION "sig" key, the key that signs private_key_jwt for the other insurers. It travels
 * as `x5c` in that key's public JWK (RFC 7517 §4.7), so the broker's JWKS and entity
 * configuration register it: the insurer compares the SHA-256 thumbprint of the certificate on
 * the TLS connection with the registered one. No CA is involved, so nothing here has to chain.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPrivateKey, type JsonWebKey as NodeJsonWebKey, type webcrypto } from "node:crypto";
import type { JWK } from "jose";

/**
 * Trust comes from the registered JWKS, not from the validity period (RFC 8705 §2.2), and a
 * new key brings a new certificate; an insurer's TLS stack may still refuse an expired one.
 */
const VALIDITY_MS = 10 * 365 * 24 * 3600_000;

const SUBJECT = "CN=Lotse federation client";

const P256 = { name: "ECDSA", namedCurve: "P-256" } as const;

/** A self-signed certificate for the ES256 key pair, DER in base64 (the form `x5c` takes). */
export async function selfSignedCertificate(privateJwk: JWK, publicJwk: JWK): Promise<string> {
  // WebCrypto wants bare key material: no `alg`/`use` of ours, no `x5c` of an earlier certificate.
  const material = (jwk: JWK): webcrypto.JsonWebKey => ({
    kty: jwk.kty!,
    crv: jwk.crv!,
    x: jwk.x!,
    y: jwk.y!,
    ...(jwk.d ? { d: jwk.d } : {}),
  });
  const keys: webcrypto.CryptoKeyPair = {
    privateKey: await crypto.subtle.importKey("jwk", material(privateJwk), P256, false, ["sign"]),
    publicKey: await crypto.subtle.importKey("jwk", material(publicJwk), P256, true, ["verify"]),
  };
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: SUBJECT,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + VALIDITY_MS),
      keys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    },
    crypto,
  );
  return Buffer.from(certificate.rawData).toString("base64");
}

/** The key and certificate a TLS client presents (PEM), from the private JWK and its `x5c`. */
export function tlsClientCredentials(
  privateJwk: JWK,
  x5c: readonly string[],
): { key: string; cert: string } {
  const key = createPrivateKey({ key: privateJwk as NodeJsonWebKey, format: "jwk" })
    .export({ format: "pem", type: "pkcs8" })
    .toString();
  const cert = x5c
    .map(
      (der) =>
        `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`,
    )
    .join("");
  return { key, cert };
}

/** The certificate chain of a stored public JWK, when it has one. */
export function x5cOf(publicJwk: unknown): string[] | undefined {
  const x5c = (publicJwk as { x5c?: unknown } | null)?.x5c;
  return Array.isArray(x5c) && x5c.length > 0 && x5c.every((c) => typeof c === "string")
    ? (x5c as string[])
    : undefined;
}
