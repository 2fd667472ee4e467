import { randomUUID } from "node:crypto";
import * as client from "openid-client";
import { SignJWT } from "jose";
import type { TestBroker } from "./test-broker.js";

/**
 * The broker's upstream client, as DESIGN.md §3 has it: openid-client v6 with PAR,
 * PKCE S256, private_key_jwt and decryption of the encrypted ID token. Signature checks
 * of ID tokens from the token endpoint are opt-in in openid-client (OIDC Core §3.1.3.7
 * lets a client rely on TLS there); gematik asks for them, so they are on.
 */
export async function brokerClientFor(
  issuer: string,
  broker: TestBroker,
): Promise<client.Configuration> {
  const config = await client.discovery(
    new URL(issuer),
    broker.url,
    { id_token_signed_response_alg: "ES256" },
    client.PrivateKeyJwt({ key: broker.signingKey, kid: broker.signingKid }),
    { execute: [client.allowInsecureRequests] },
  );
  client.enableDecryptingResponses(config, ["A256GCM"], {
    key: broker.encryptionKey,
    alg: "ECDH-ES",
    kid: "broker-enc",
  });
  client.enableNonRepudiationChecks(config);
  return config;
}

export interface PendingLogin {
  authorizationUrl: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Pushes an authorization request (RFC 9126) and returns the URL to send the browser to. */
export async function pushAuthorization(
  config: client.Configuration,
  broker: TestBroker,
  params: Record<string, string>,
): Promise<PendingLogin> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = await client.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: broker.redirectUri,
    scope: "openid",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...params,
  });
  return { authorizationUrl, state, nonce, codeVerifier };
}

/** Redeems the code in the broker's callback URL; openid-client checks state, nonce, iss, aud, exp, signature. */
export function redeem(config: client.Configuration, callback: URL, login: PendingLogin) {
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: login.codeVerifier,
    expectedState: login.state,
    expectedNonce: login.nonce,
    idTokenExpected: true,
  });
}

/** A private_key_jwt client assertion (RFC 7523 §2.2), for requests made without openid-client. */
export function clientAssertion(broker: TestBroker, audience: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid: broker.signingKid })
    .setIssuer(broker.url)
    .setSubject(broker.url)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime("1m")
    .sign(broker.signingKey);
}
