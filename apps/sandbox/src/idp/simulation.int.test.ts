/** `sandbox_simulate`: the failures a broker must turn into clean OAuth errors. */
import {
  compactDecrypt,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
} from "jose";
import * as client from "openid-client";
import { CookieBrowser } from "../testing/cookie-browser.js";
import { describe, expect, test, type World } from "../testing/fixture.js";
import {
  brokerClientFor,
  clientAssertion,
  pushAuthorization,
  redeem,
} from "../testing/relying-party.js";

/** A testing-parameter login with a simulation, up to the broker's callback URL. */
async function loginWith(world: World, simulate: string) {
  const config = await brokerClientFor(world.idp("privat"), world.broker);
  const login = await pushAuthorization(config, world.broker, {
    scope: "openid urn:telematik:versicherter urn:telematik:display_name",
    gematik_enable_testing: "true",
    gematik_login_user: "X110416447",
    sandbox_simulate: simulate,
  });
  const { location } = await new CookieBrowser().follow(
    login.authorizationUrl.href,
    world.sandbox.url,
  );
  return { config, login, callback: location! };
}

/** The token response's ID token exactly as it comes, without a client library's checks. */
async function rawIdToken(world: World, callback: URL, codeVerifier: string) {
  const issuer = world.idp("privat");
  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code")!,
      redirect_uri: world.broker.redirectUri,
      code_verifier: codeVerifier,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: await clientAssertion(world.broker, issuer),
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id_token: string }).id_token;
}

/** The decrypted ID token of the token response, which must be encrypted to the broker. */
async function rawTokenResponse(world: World, callback: URL, codeVerifier: string) {
  const idToken = await rawIdToken(world, callback, codeVerifier);
  expect(decodeProtectedHeader(idToken)).toMatchObject({
    alg: "ECDH-ES",
    enc: "A256GCM",
    cty: "JWT",
  });
  const { plaintext } = await compactDecrypt(idToken, world.broker.encryptionKey);
  return new TextDecoder().decode(plaintext);
}

describe("unavailable", () => {
  test("the PAR endpoint answers 503 temporarily_unavailable", async ({ world }) => {
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    // openid-client parses OAuth error bodies of 4xx answers only; a 5xx is "not conform".
    const error = (await pushAuthorization(config, world.broker, {
      sandbox_simulate: "unavailable",
    }).catch((e: unknown) => e)) as { code: string; cause: Response };
    expect(error).toMatchObject({ code: "OAUTH_RESPONSE_IS_NOT_CONFORM" });
    expect(error.cause.status).toBe(503);
    expect(error.cause.headers.get("retry-after")).toBe("30");
    expect(await error.cause.json()).toMatchObject({ error: "temporarily_unavailable" });
  });
});

describe("invalid_signature", () => {
  test("openid-client refuses the ID token", async ({ world }) => {
    const { config, login, callback } = await loginWith(world, "invalid_signature");
    await expect(redeem(config, callback, login)).rejects.toMatchObject({
      code: "OAUTH_INVALID_RESPONSE",
      cause: { message: "JWT signature verification failed" },
    });
  });

  test("openid-client checks the signature only when asked (enableNonRepudiationChecks)", async ({
    world,
  }) => {
    // OIDC Core §3.1.3.7 lets a client skip it for TLS-protected token responses, and
    // openid-client does by default: the broker must switch the check on, as brokerClientFor does.
    const { login, callback } = await loginWith(world, "invalid_signature");
    const lenient = await client.discovery(
      new URL(world.idp("privat")),
      world.broker.url,
      { id_token_signed_response_alg: "ES256" },
      client.PrivateKeyJwt({ key: world.broker.signingKey, kid: world.broker.signingKid }),
      { execute: [client.allowInsecureRequests] },
    );
    client.enableDecryptingResponses(lenient, ["A256GCM"], {
      key: world.broker.encryptionKey,
      alg: "ECDH-ES",
      kid: "broker-enc",
    });
    await expect(redeem(lenient, callback, login)).resolves.toBeTruthy();
  });

  test("the token is otherwise right: decryptable, same kid and claims, but the signature fails", async ({
    world,
  }) => {
    const { login, callback } = await loginWith(world, "invalid_signature");
    const jwt = await rawTokenResponse(world, callback, login.codeVerifier);
    const jwks = (await (await fetch(`${world.idp("privat")}/jwks`)).json()) as JSONWebKeySet;
    expect(decodeProtectedHeader(jwt).kid).toBe(jwks.keys[0]!.kid);
    expect(decodeJwt(jwt)).toMatchObject({
      iss: world.idp("privat"),
      aud: world.broker.url,
      nonce: login.nonce,
      "urn:telematik:claims:id": "X110416447",
      "urn:telematik:claims:display_name": "Paul Wechsler",
    });
    await expect(
      jwtVerify(jwt, createRemoteJWKSet(new URL(`${world.idp("privat")}/jwks`))),
    ).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });
});

describe("expired_id_token", () => {
  test("openid-client refuses the ID token", async ({ world }) => {
    const { config, login, callback } = await loginWith(world, "expired_id_token");
    await expect(redeem(config, callback, login)).rejects.toMatchObject({
      code: "OAUTH_JWT_TIMESTAMP_CHECK_FAILED",
      cause: { message: expect.stringContaining('"exp"') },
    });
  });

  test("the signature is valid, only exp lies in the past", async ({ world }) => {
    const { login, callback } = await loginWith(world, "expired_id_token");
    const jwt = await rawTokenResponse(world, callback, login.codeVerifier);
    await expect(
      jwtVerify(jwt, createRemoteJWKSet(new URL(`${world.idp("privat")}/jwks`))),
    ).rejects.toBeInstanceOf(errors.JWTExpired);
    const { exp } = decodeJwt(jwt);
    expect(exp).toBeLessThan(Date.now() / 1000 - 60);
  });
});

describe("unencrypted_id_token", () => {
  test("the ID token is the IDP's correctly signed JWS, not encrypted", async ({ world }) => {
    const { login, callback } = await loginWith(world, "unencrypted_id_token");
    const issuer = world.idp("privat");
    const idToken = await rawIdToken(world, callback, login.codeVerifier);
    expect(idToken.split(".")).toHaveLength(3);
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(`${issuer}/jwks`)));
    expect(payload).toMatchObject({
      iss: issuer,
      aud: world.broker.url,
      nonce: login.nonce,
      "urn:telematik:claims:id": "X110416447",
    });
  });

  test("openid-client accepts it even with decryption enabled: refusing it is the broker's check", async ({
    world,
  }) => {
    const { config, login, callback } = await loginWith(world, "unencrypted_id_token");
    const tokens = await redeem(config, callback, login);
    expect(tokens.id_token!.split(".")).toHaveLength(3);
  });
});

test("without a simulation the next login at the same IDP is normal again", async ({ world }) => {
  await loginWith(world, "expired_id_token");
  const config = await brokerClientFor(world.idp("privat"), world.broker);
  const login = await pushAuthorization(config, world.broker, {
    gematik_enable_testing: "true",
    gematik_login_user: "X110417526",
  });
  const { location } = await new CookieBrowser().follow(
    login.authorizationUrl.href,
    world.sandbox.url,
  );
  await expect(redeem(config, location!, login)).resolves.toBeTruthy();
});
