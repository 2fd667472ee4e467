/**
 * What each sandbox IDP refuses, checked with hand-made requests (no client library to
 * smooth anything over): PKCE S256 only, PAR only, exact redirect URIs, private_key_jwt only.
 */
import { generateKeyPair, SignJWT } from "jose";
import * as client from "openid-client";
import { CookieBrowser } from "../testing/cookie-browser.js";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { brokerClientFor, clientAssertion, pushAuthorization } from "../testing/relying-party.js";

const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

async function pushRaw(
  world: World,
  params: Record<string, string>,
  auth?: "secret" | "foreign-key",
) {
  const issuer = world.idp("nord");
  const body = new URLSearchParams({
    client_id: world.broker.url,
    response_type: "code",
    redirect_uri: world.broker.redirectUri,
    scope: "openid",
    state: "s",
    nonce: "n",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...params,
  });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (auth === "secret") {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(world.broker.url)}:secret`).toString("base64")}`;
  } else {
    body.set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    body.set(
      "client_assertion",
      auth === "foreign-key"
        ? await new SignJWT({})
            .setProtectedHeader({ alg: "ES256", kid: world.broker.signingKid })
            .setIssuer(world.broker.url)
            .setSubject(world.broker.url)
            .setAudience(issuer)
            .setJti(crypto.randomUUID())
            .setIssuedAt()
            .setExpirationTime("1m")
            .sign((await generateKeyPair("ES256")).privateKey)
        : await clientAssertion(world.broker, issuer),
    );
  }
  const response = await fetch(`${issuer}/request`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe("PKCE (RFC 9700 §2.1.1, S256 only)", () => {
  test("a well-formed pushed request is accepted", async ({ world }) => {
    const { status, body } = await pushRaw(world, {});
    expect(status).toBe(201);
    expect(body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });

  test("code_challenge_method=plain is refused", async ({ world }) => {
    const { status, body } = await pushRaw(world, {
      code_challenge_method: "plain",
      code_challenge: "a".repeat(43),
    });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });

  test("a request without code_challenge is refused", async ({ world }) => {
    const { status, body } = await pushRaw(world, {
      code_challenge: "",
      code_challenge_method: "",
    });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(/requires PKCE/);
  });
});

describe("PAR required (RFC 9126 §5)", () => {
  test("an authorization request that was not pushed is refused", async ({ world }) => {
    const url = new URL(`${world.idp("nord")}/auth`);
    url.search = new URLSearchParams({
      client_id: world.broker.url,
      response_type: "code",
      redirect_uri: world.broker.redirectUri,
      scope: "openid",
      state: "s1",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
    }).toString();
    const { location } = await new CookieBrowser().follow(url.href, world.sandbox.url);
    expect(location?.origin + location!.pathname).toBe(world.broker.redirectUri);
    expect(location!.searchParams.get("error")).toBe("invalid_request");
    expect(location!.searchParams.get("error_description")).toMatch(
      /pushed authorization request/i,
    );
    expect(location!.searchParams.get("code")).toBeNull();
  });
});

describe("redirect URIs compared exactly (RFC 9700 §4.1.3)", () => {
  test("an unregistered redirect_uri is refused at PAR", async ({ world }) => {
    for (const redirectUri of [
      `${world.broker.redirectUri}/extra`,
      `${world.broker.redirectUri}?x=1`,
      "https://evil.example/oidcf/signin",
    ]) {
      const { status, body } = await pushRaw(world, { redirect_uri: redirectUri });
      expect(status).toBe(400);
      expect(body.error).toBe("invalid_request");
      expect(body.error_description).toMatch(/redirect_uri did not match/);
    }
  });
});

describe("client authentication: private_key_jwt only (gemSpec_IDP_Sek)", () => {
  test("a client secret is refused", async ({ world }) => {
    const { status, body } = await pushRaw(world, {}, "secret");
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  test("an assertion signed by a key not in the broker's JWKS is refused", async ({ world }) => {
    const { status, body } = await pushRaw(world, {}, "foreign-key");
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  test("the token endpoint refuses a client secret too", async ({ world }) => {
    const response = await fetch(`${world.idp("nord")}/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(world.broker.url)}:secret`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: "x",
        redirect_uri: world.broker.redirectUri,
      }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_client");
  });
});

describe("codes", () => {
  test("a code needs the right verifier and is single-use", async ({ world }) => {
    const config = await brokerClientFor(world.idp("privat"), world.broker);
    const login = await pushAuthorization(config, world.broker, {
      gematik_enable_testing: "true",
      gematik_login_user: "X110416447",
    });
    const { location } = await new CookieBrowser().follow(
      login.authorizationUrl.href,
      world.sandbox.url,
    );
    const checks = {
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    };
    await expect(
      client.authorizationCodeGrant(config, location!, {
        ...checks,
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
    // The failed attempt consumed nothing, but a second successful redemption must fail.
    await client.authorizationCodeGrant(config, location!, {
      ...checks,
      pkceCodeVerifier: login.codeVerifier,
    });
    await expect(
      client.authorizationCodeGrant(config, location!, {
        ...checks,
        pkceCodeVerifier: login.codeVerifier,
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
  });
});

describe("sandbox parameters", () => {
  test("an unknown sandbox_simulate value is a client error", async ({ world }) => {
    const { status, body } = await pushRaw(world, { sandbox_simulate: "explode" });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });
});
