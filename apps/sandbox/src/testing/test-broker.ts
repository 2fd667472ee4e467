import Koa from "koa";
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { serveForTest } from "@lotse/server";

export interface TestBroker {
  /** The broker's entity identifier, its client id at the IDPs. */
  url: string;
  signingKey: CryptoKey;
  signingKid: string;
  encryptionKey: CryptoKey;
  redirectUri: string;
  /** How often the IDPs fetched the broker's JWKS. */
  jwksRequests(): number;
  close(): Promise<void>;
}

/**
 * Stands in for the broker's side of the federation: serves at /federation/jwks the
 * JWKS a real broker publishes (one ES256 signing key for private_key_jwt, one P-256
 * ECDH-ES key for ID token encryption) and holds the private halves for the test.
 */
export async function startTestBroker(): Promise<TestBroker> {
  const sig = await generateKeyPair("ES256", { extractable: true });
  const enc = await generateKeyPair("ECDH-ES", { crv: "P-256", extractable: true });
  const jwks: { keys: JWK[] } = {
    keys: [
      { ...(await exportJWK(sig.publicKey)), kid: "broker-sig", use: "sig", alg: "ES256" },
      { ...(await exportJWK(enc.publicKey)), kid: "broker-enc", use: "enc", alg: "ECDH-ES" },
    ],
  };
  let requests = 0;
  const app = new Koa();
  app.use((ctx) => {
    if (ctx.path !== "/federation/jwks") return;
    requests += 1;
    ctx.type = "application/jwk-set+json";
    ctx.body = JSON.stringify(jwks);
  });
  const server = await serveForTest(app);
  return {
    url: server.url,
    signingKey: sig.privateKey,
    signingKid: "broker-sig",
    encryptionKey: enc.privateKey,
    redirectUri: `${server.url}/oidcf/signin`,
    jwksRequests: () => requests,
    close: server.close,
  };
}
