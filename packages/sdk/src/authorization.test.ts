import { describe, expect, test } from "vitest";
import { LotseAuthError, LotseNetworkError, LotseProtocolError } from "./errors.js";
import { createPkce } from "./pkce.js";
import {
  CLIENT_ID,
  INSURER,
  ISSUER,
  REDIRECT_URI,
  fakeBroker,
  json,
} from "./testing/fake-broker.js";

const params = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe("buildAuthorizationUrl (flow A)", () => {
  test("exactly the parameters of a code request with PKCE S256", async () => {
    const { client, calls } = fakeBroker();
    const request = await client.buildAuthorizationUrl({
      scope: ["openid", "urn:telematik:versicherter"],
    });
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/connect/auth`);
    expect(params(request.url)).toEqual({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: "openid urn:telematik:versicherter",
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.pkce.challenge,
      code_challenge_method: "S256",
    });
    expect(request.redirectUri).toBe(REDIRECT_URI);
    expect((await createPkce(request.pkce.verifier)).challenge).toBe(request.pkce.challenge);
    // Building a URL asks the broker nothing but its configuration.
    expect(calls()).toEqual([]);
  });

  test("provider, ui_locales, given values and extra parameters; extras cannot replace ours", async () => {
    const { client } = fakeBroker();
    const pkce = await createPkce();
    const request = await client.buildAuthorizationUrl({
      scope: "openid",
      provider: INSURER,
      state: "s1",
      nonce: "n1",
      pkce,
      uiLocales: ["de", "en"],
      redirectUri: "de.lotse.demo:/oauthredirect",
      extraParams: { prompt: "login", state: "evil", code_challenge_method: "plain" },
    });
    expect(request).toMatchObject({ state: "s1", nonce: "n1", pkce });
    expect(params(request.url)).toMatchObject({
      provider: INSURER,
      ui_locales: "de en",
      prompt: "login",
      state: "s1",
      nonce: "n1",
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
      redirect_uri: "de.lotse.demo:/oauthredirect",
    });
    expect(params(request.url)).not.toHaveProperty("response_format");
  });
});

describe("startNativeLogin (flow B)", () => {
  test("asks /connect/auth with response_format=json and answers the insurer's URL", async () => {
    const upstream = `${INSURER}/auth?client_id=broker&request_uri=urn%3Ax`;
    const { client, calls } = fakeBroker({ "GET /connect/auth": () => json({ url: upstream }) });
    const login = await client.startNativeLogin({
      provider: INSURER,
      scope: "openid",
      extraParams: { gematik_enable_testing: "true", gematik_login_user: "X110411675" },
    });
    expect(login.url).toBe(upstream);
    const [call] = calls();
    expect(call?.method).toBe("GET");
    expect(call?.headers.get("accept")).toBe("application/json");
    expect(Object.fromEntries(call!.url.searchParams)).toEqual({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: "openid",
      state: login.state,
      nonce: login.nonce,
      code_challenge: login.pkce.challenge,
      code_challenge_method: "S256",
      provider: INSURER,
      response_format: "json",
      gematik_enable_testing: "true",
      gematik_login_user: "X110411675",
    });
  });

  test("a 400 JSON error is a LotseAuthError with the broker's code and description", async () => {
    const { client } = fakeBroker({
      "GET /connect/auth": () =>
        json({ error: "invalid_redirect_uri", error_description: "not registered" }, 400),
    });
    const error = await client
      .startNativeLogin({ provider: INSURER, scope: "openid" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LotseAuthError);
    expect(error).toMatchObject({
      code: "invalid_redirect_uri",
      error: "invalid_redirect_uri",
      errorDescription: "not registered",
      status: 400,
    });
  });

  test("an answer without a usable url is a protocol error", async () => {
    for (const body of [{}, { url: 5 }, { url: "not a url" }]) {
      const { client } = fakeBroker({ "GET /connect/auth": () => json(body) });
      await expect(
        client.startNativeLogin({ provider: INSURER, scope: "openid" }),
      ).rejects.toBeInstanceOf(LotseProtocolError);
    }
  });

  test("a network failure is a LotseNetworkError with the cause", async () => {
    const cause = new TypeError("fetch failed");
    const { client } = fakeBroker({
      "GET /connect/auth": () => {
        throw cause;
      },
    });
    const error = await client
      .startNativeLogin({ provider: INSURER, scope: "openid" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LotseNetworkError);
    expect(error).toMatchObject({ code: "network_error", cause });
  });
});
