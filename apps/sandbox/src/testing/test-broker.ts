import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { webcrypto } from "node:crypto";
import Koa from "koa";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { LOTSE_RELYING_PARTY_METADATA } from "@lotse/domain";
import { serveForTest } from "@lotse/server";

/**
 * How the test broker's entity configuration is broken, for the insurers' refusals:
 * `foreign-key` signed by a key its `jwks` (and so the master's statement) does not name,
 * `expired` with `exp` in the past, `wrong-sub` naming another entity as `sub`.
 */
export type BrokerConfigurationFault = "foreign-key" | "expired" | "wrong-sub";

export interface TestBroker {
  /** The broker's entity identifier, its client id at the IDPs. */
  url: string;
  signingKey: CryptoKey;
  signingKid: string;
  /**
   * The signing key as TLS client key with its self-signed certificate (PEM), which the
   * JWKS carries as `x5c`: the broker's credentials for `self_signed_tls_client_auth` at sued.
   */
  tls: { key: string; cert: string };
  encryptionKey: CryptoKey;
  /** The broker's own callback: the first redirect URI of its entity configuration. */
  redirectUri: string;
  /** Every redirect URI its entity configuration announces now. */
  redirectUris: string[];
  /** The federation master it names in `authority_hints`, known once the sandbox runs. */
  authorityHint: string | undefined;
  fault: BrokerConfigurationFault | undefined;
  /** How often the entity configuration was read. */
  configurationRequests(): number;
  close(): Promise<void>;
}

const DAY_SECONDS = 24 * 60 * 60;

/** A self-signed certificate for the key pair (RFC 8705 §2.2), and the private key, as PEM. */
export async function selfSignedClientCertificate(keys: {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}): Promise<{ key: string; cert: string }> {
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: "CN=Lotse test broker",
      keys: keys as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    },
    crypto,
  );
  return {
    cert: certificate.toString("pem"),
    key: x509.PemConverter.encode(
      await crypto.subtle.exportKey("pkcs8", keys.privateKey as webcrypto.CryptoKey),
      "PRIVATE KEY",
    ),
  };
}

/**
 * Stands in for the broker's side of the federation: its entity configuration at
 * /.well-known/openid-federation (OpenID Federation 1.0 §9), signed with its own entity key,
 * whose `openid_relying_party` metadata names its redirect URIs and carries the JWKS a real
 * broker publishes (one ES256 signing key for private_key_jwt, one P-256 ECDH-ES key for ID
 * token encryption); the test holds the private halves.
 */
export async function startTestBroker(
  options: { appRedirectUris?: string[] } = {},
): Promise<TestBroker> {
  const [sig, enc, entity, foreign] = await Promise.all([
    generateKeyPair("ES256", { extractable: true }),
    generateKeyPair("ECDH-ES", { crv: "P-256", extractable: true }),
    generateKeyPair("ES256", { extractable: true }),
    generateKeyPair("ES256", { extractable: true }),
  ]);
  const tls = await selfSignedClientCertificate(sig);
  const clientJwks: JWK[] = [
    {
      ...(await exportJWK(sig.publicKey)),
      kid: "broker-sig",
      use: "sig",
      alg: "ES256",
      x5c: [Buffer.from(x509.PemConverter.decodeFirst(tls.cert)).toString("base64")],
    },
    { ...(await exportJWK(enc.publicKey)), kid: "broker-enc", use: "enc", alg: "ECDH-ES" },
  ];
  const entityJwk: JWK = {
    ...(await exportJWK(entity.publicKey)),
    kid: "broker-entity",
    use: "sig",
    alg: "ES256",
  };
  let requests = 0;
  // Filled in once the server has its URL; requests (which read it) come only after that.
  const broker = {} as TestBroker;

  const app = new Koa();
  // Koa composes the middleware when serving starts, so it is added first.
  app.use(async (ctx) => {
    if (ctx.path !== "/.well-known/openid-federation") return;
    requests += 1;
    const now = Math.floor(Date.now() / 1000);
    const iat = broker.fault === "expired" ? now - 2 * DAY_SECONDS : now;
    ctx.type = "application/entity-statement+jwt";
    ctx.body = await new SignJWT({
      jwks: { keys: [entityJwk] },
      authority_hints: broker.authorityHint ? [broker.authorityHint] : [],
      metadata: {
        openid_relying_party: {
          // The broker's own fixed metadata (it serves the same object), so this cannot drift.
          ...LOTSE_RELYING_PARTY_METADATA,
          redirect_uris: broker.redirectUris,
          jwks: { keys: clientJwks },
        },
        federation_entity: { name: "Lotse", organization_name: "Lotse test broker" },
      },
    })
      .setProtectedHeader({ alg: "ES256", kid: "broker-entity", typ: "entity-statement+jwt" })
      .setIssuer(broker.url)
      .setSubject(broker.fault === "wrong-sub" ? `${broker.url}/someone-else` : broker.url)
      .setIssuedAt(iat)
      .setExpirationTime(iat + DAY_SECONDS)
      .sign(broker.fault === "foreign-key" ? foreign.privateKey : entity.privateKey);
  });
  const server = await serveForTest(app);
  Object.assign(broker, {
    url: server.url,
    signingKey: sig.privateKey,
    signingKid: "broker-sig",
    tls,
    encryptionKey: enc.privateKey,
    redirectUri: `${server.url}/oidcf/signin`,
    redirectUris: [`${server.url}/oidcf/signin`, ...(options.appRedirectUris ?? [])],
    authorityHint: undefined,
    fault: undefined,
    configurationRequests: () => requests,
    close: server.close,
  } satisfies TestBroker);
  return broker;
}
