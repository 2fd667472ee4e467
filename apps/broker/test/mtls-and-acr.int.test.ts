/**
 * Client authentication by mutual TLS (RFC 8705 §2.2, `self_signed_tls_client_auth`) toward
 * the insurer that asks for it, and the level of assurance across the broker (acr_values up,
 * acr/amr down), against the real sandbox: sued accepts only mTLS on its HTTPS listener
 * (`mtls_endpoint_aliases`, RFC 8705 §5), nord and privat take private_key_jwt.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import * as client from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEMO_WEB } from "@lotse/db/seed";
import {
  federatedLogin,
  CookieBrowser,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";
import { createUpstreamTls, type UpstreamTls } from "../src/federation/client-auth.js";
import { serverMetadataOf } from "../src/federation/upstream-clients.js";
import { generateKey } from "../src/keys/generate-key.js";
import { selfSignedCertificate, tlsClientCredentials } from "../src/keys/tls-client-certificate.js";

/** Anna Beispiel, insured at nord; Mira Probst at sued (docs/sandbox.md). */
const ANNA = "X110411675";
const MIRA = "X110413109";
const HIGH = "gematik-ehealth-loa-high";
const SUBSTANTIAL = "gematik-ehealth-loa-substantial";
const CIBA = "urn:openid:params:grant-type:ciba";

let world: FederatedWorld;
let web: client.Configuration;
let webRedirect: string;
/** The broker's TLS client certificate as its JWKS publishes it (SHA-256 fingerprint). */
let brokerCertificate: X509Certificate;
/** Requests to the sandbox's mTLS listener: path, and the fingerprint of the client certificate. */
const presented: { path: string; peer: string | null }[] = [];
let tls: UpstreamTls;

beforeAll(async () => {
  world = await startFederatedWorld();
  web = await relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
  webRedirect = DEMO_WEB.redirectUris[0]!;
  const jwks = (await (await fetch(`${world.issuer}/federation/jwks`)).json()) as {
    keys: { use: string; x5c?: string[] }[];
  };
  const sig = jwks.keys.find((key) => key.use === "sig")!;
  brokerCertificate = new X509Certificate(Buffer.from(sig.x5c![0]!, "base64"));
  // Before the sandbox app, which rewrites the URL for the insurer it mounts.
  world.mtlsServer.prependListener("request", (request: IncomingMessage) => {
    const peer = (request.socket as TLSSocket).getPeerX509Certificate();
    presented.push({ path: request.url!.split("?")[0]!, peer: peer?.fingerprint256 ?? null });
  });
  tls = createUpstreamTls({ ca: world.sandboxTlsCa });
});
afterAll(async () => {
  await tls?.close();
  await world?.close();
});
beforeEach(() => {
  presented.length = 0;
});

const pathOf = (url: string | undefined) => new URL(url!).pathname;

/** The broker's view of sued: its verified metadata, as the upstream client is built from it. */
async function sued() {
  const chain = await world.broker.federation.trustChain(world.idp("sued"));
  return serverMetadataOf(chain);
}

/**
 * An openid-client configuration toward sued as the broker's (its client id, keys and
 * client authentication), sending either through the broker's TLS client with its
 * certificate, or through one with none to present.
 */
async function asBroker(withCertificate: boolean): Promise<client.Configuration> {
  const metadata = await sued();
  const keys = await world.broker.oidc.getFederationKeys();
  const auth = await tls.clientAuthFor(metadata, keys);
  const config = new client.Configuration(
    metadata,
    world.issuer,
    {
      id_token_signed_response_alg: "ES256",
      id_token_encrypted_response_alg: "ECDH-ES",
      id_token_encrypted_response_enc: "A256GCM",
      ...auth.metadata,
    },
    auth.clientAuth,
  );
  config[client.customFetch] = withCertificate ? auth.send : tls.send;
  // The sandbox issuer is plain http on loopback; the aliases are https either way.
  client.allowInsecureRequests(config);
  client.enableDecryptingResponses(config, ["A256GCM"], {
    key: keys.encryption.privateKey,
    alg: "ECDH-ES",
    kid: keys.encryption.kid,
  });
  return config;
}

describe("sued asks for mTLS", () => {
  test("its verified metadata offers only self_signed_tls_client_auth, on aliases of the HTTPS listener", async () => {
    const metadata = await sued();
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(["self_signed_tls_client_auth"]);
    const aliases = metadata.mtls_endpoint_aliases!;
    for (const endpoint of [
      "token_endpoint",
      "pushed_authorization_request_endpoint",
      "backchannel_authentication_endpoint",
    ] as const)
      expect(aliases[endpoint]).toBe(
        `${world.sandboxMtlsUrl}${new URL(metadata[endpoint]!).pathname}`,
      );
  });

  test("a login through sued completes, the broker's certificate on the TLS connection", async () => {
    const { claims, hops } = await federatedLogin(world, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:versicherter",
      idp: world.idp("sued"),
      kvnr: MIRA,
    });
    expect(hops.every((hop) => hop.status < 500)).toBe(true);
    expect(claims["urn:telematik:claims:id"]).toBe(MIRA);
    expect(claims.acr).toBe(HIGH);
    // PAR and the token request went to sued's mTLS aliases, with the published certificate.
    const aliases = (await sued()).mtls_endpoint_aliases!;
    expect(presented.map((request) => request.path)).toEqual([
      pathOf(aliases.pushed_authorization_request_endpoint),
      pathOf(aliases.token_endpoint),
    ]);
    expect(presented.map((request) => request.peer)).toEqual([
      brokerCertificate.fingerprint256,
      brokerCertificate.fingerprint256,
    ]);
  });

  test("a login through nord uses private_key_jwt: no connection to the mTLS listener", async () => {
    const { claims } = await federatedLogin(world, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:versicherter",
      idp: world.idp("nord"),
      kvnr: ANNA,
    });
    expect(claims["urn:telematik:claims:id"]).toBe(ANNA);
    expect(presented).toEqual([]);
  });

  test("sued's code redeemed without the client certificate: invalid_client; with it: tokens", async () => {
    const withCertificate = await asBroker(true);
    const withoutCertificate = await asBroker(false);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const redirectUri = `${world.issuer}/oidcf/signin`;
    const url = await client.buildAuthorizationUrlWithPAR(withCertificate, {
      redirect_uri: redirectUri,
      scope: "openid urn:telematik:versicherter",
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      gematik_enable_testing: "true",
      gematik_login_user: MIRA,
    });
    // The person logs in at sued (testing shortcut); stop where sued sends the code back.
    const browser = new CookieBrowser();
    let response = await browser.fetch(url.href);
    let callback: URL | undefined;
    for (let hop = 0; hop < 10 && !callback; hop += 1) {
      const location = new URL(response.headers.get("location")!, url);
      if (location.href.startsWith(redirectUri)) callback = location;
      else response = await browser.fetch(location.href);
    }
    expect(callback?.searchParams.get("code")).toBeTruthy();
    const checks = { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce };

    const refused = await oauthError(
      client.authorizationCodeGrant(withoutCertificate, callback!, checks),
    );
    expect(refused).toMatchObject({ error: "invalid_client", status: 401 });

    const tokens = await client.authorizationCodeGrant(withCertificate, callback!, checks);
    expect(tokens.claims()?.["urn:telematik:claims:id"]).toBe(MIRA);
  });

  test.each([
    ["the mTLS alias without a certificate", "mtls", null],
    ["the plain HTTP endpoint (no TLS, so no certificate)", "plain", null],
    ["the mTLS alias with a certificate the broker never registered", "mtls", "foreign"],
  ] as const)("a PAR to %s: 401 invalid_client", async (_name, where, certificate) => {
    const metadata = await sued();
    const endpoint =
      where === "mtls"
        ? metadata.mtls_endpoint_aliases!.pushed_authorization_request_endpoint!
        : metadata.pushed_authorization_request_endpoint!;
    let send = tls.send;
    let other: UpstreamTls | undefined;
    if (certificate === "foreign") {
      // Another key's self-signed certificate: TLS accepts it, the client registration does not.
      const key = await generateKey("ES256");
      const x5c = [await selfSignedCertificate(key.privateJwk, key.publicJwk)];
      other = createUpstreamTls({ ca: world.sandboxTlsCa });
      const keys = await world.broker.oidc.getFederationKeys();
      send = (
        await other.clientAuthFor(metadata, {
          ...keys,
          signing: { ...keys.signing, tls: tlsClientCredentials(key.privateJwk, x5c) },
        })
      ).send;
    }
    const response = await send(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: world.issuer,
        redirect_uri: `${world.issuer}/oidcf/signin`,
        response_type: "code",
        scope: "openid",
        code_challenge: createHash("sha256").update("x".repeat(43)).digest("base64url"),
        code_challenge_method: "S256",
      }).toString(),
      redirect: "manual",
    } as client.CustomFetchOptions);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
    await other?.close();
  });
});

describe("CIBA toward sued", () => {
  test("the backchannel request and the polls go over mTLS, and the app gets its tokens", async () => {
    const started = await client.initiateBackchannelAuthentication(web, {
      scope: "openid urn:telematik:display_name",
      login_hint: MIRA,
      binding_message: "mTLS 4242",
      provider: world.idp("sued"),
    });
    const aliases = (await sued()).mtls_endpoint_aliases!;
    expect(presented).toEqual([
      {
        path: pathOf(aliases.backchannel_authentication_endpoint),
        peer: brokerCertificate.fingerprint256,
      },
    ]);

    const page = await (await fetch(`${world.sandboxUrl}/authenticator/ciba?kvnr=${MIRA}`)).text();
    const entry = page
      .split('data-testid="ciba-request"')
      .slice(1)
      .find((html) => html.includes("mTLS 4242"));
    const action = /action="([^"]*\/approve)"/.exec(entry ?? "")?.[1];
    expect(action).toBeDefined();
    const answered = await fetch(new URL(action!, world.sandboxUrl), {
      method: "POST",
      headers: { origin: new URL(world.sandboxUrl).origin },
      redirect: "manual",
    });
    expect(answered.status).toBe(303);

    const key = createHash("sha256").update(started.auth_req_id).digest("hex");
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const past = new Date(Date.now() - 1000);
      await world.prisma.cibaRequest.update({
        where: { id: key },
        data: { nextPollAt: past, nextUpstreamPollAt: past },
      });
      const row = await world.prisma.cibaRequest.findUniqueOrThrow({ where: { id: key } });
      if (row.status !== "PENDING") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const tokens = await client.genericGrantRequest(web, CIBA, {
      auth_req_id: started.auth_req_id,
    });
    const claims = tokens.claims()!;
    expect(claims["urn:telematik:claims:display_name"]).toBe("Dr. Mira Probst");
    expect(claims.acr).toBe(HIGH);
    // The broker's polls for the insurer's answer: sued's token alias, with the certificate.
    const polls = presented.slice(1);
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls)
      expect(poll).toEqual({
        path: pathOf(aliases.token_endpoint),
        peer: brokerCertificate.fingerprint256,
      });
  });
});

describe("acr and amr", () => {
  test.each([
    [undefined, HIGH],
    [SUBSTANTIAL, SUBSTANTIAL],
    [`${SUBSTANTIAL} ${HIGH}`, SUBSTANTIAL],
    [HIGH, HIGH],
    // A value no insurer knows is not sent up; the default applies.
    ["urn:example:loa:low", HIGH],
  ])(
    "acr_values %s → the insurer asserts %s, the broker's ID token carries it",
    async (requested, expected) => {
      const { claims } = await federatedLogin(world, web, {
        redirectUri: webRedirect,
        scope: "openid urn:telematik:versicherter",
        idp: world.idp("nord"),
        kvnr: ANNA,
        ...(requested ? { extra: { acr_values: requested } } : {}),
      });
      expect(claims.acr).toBe(expected);
      // How the person authenticated at the insurer, as the insurer said (gemSpec_IDP_Sek A_23129).
      expect(claims.amr).toEqual(["urn:telematik:auth:other"]);
    },
  );

  test("over mTLS too: substantial requested from sued → substantial", async () => {
    const { claims } = await federatedLogin(world, web, {
      redirectUri: webRedirect,
      scope: "openid urn:telematik:versicherter",
      idp: world.idp("sued"),
      kvnr: MIRA,
      extra: { acr_values: SUBSTANTIAL },
    });
    expect(claims.acr).toBe(SUBSTANTIAL);
  });
});
