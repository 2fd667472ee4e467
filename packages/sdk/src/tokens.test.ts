import { describe, expect, test } from "vitest";
import { decodeIdToken } from "./id-token.js";
import { LotseAuthError, LotseProtocolError } from "./errors.js";
import { basicAuthorization } from "./tokens.js";
import {
  CLIENT_ID,
  ISSUER,
  REDIRECT_URI,
  fakeBroker,
  idToken,
  idTokenClaims,
  json,
} from "./testing/fake-broker.js";

const form = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body));

function tokenAnswer(claims: Record<string, unknown> = idTokenClaims({ nonce: "n" })) {
  return {
    access_token: "at",
    token_type: "Bearer",
    expires_in: 300,
    refresh_token: "rt",
    scope: "openid offline_access",
    id_token: idToken(claims),
  };
}

describe("redeemCode", () => {
  test("public client: client_id, code, redirect_uri and code_verifier in the body, no Authorization", async () => {
    const { client, calls } = fakeBroker({ "POST /connect/token": () => json(tokenAnswer()) });
    const tokens = await client.redeemCode({ code: "c", codeVerifier: "v", nonce: "n" });
    const [call] = calls();
    expect(call?.url.href).toBe(`${ISSUER}/connect/token`);
    expect(call?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(call?.headers.get("authorization")).toBeNull();
    expect(form(call?.body)).toEqual({
      grant_type: "authorization_code",
      code: "c",
      redirect_uri: REDIRECT_URI,
      code_verifier: "v",
      client_id: CLIENT_ID,
    });
    expect(tokens).toMatchObject({
      accessToken: "at",
      tokenType: "Bearer",
      expiresIn: 300,
      refreshToken: "rt",
      scope: "openid offline_access",
      claims: { iss: ISSUER, aud: CLIENT_ID, nonce: "n", sub: "sub-1" },
    });
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 290_000);
  });

  test("with a secret: client_secret_basic (RFC 6749 §2.3.1) and no client_id in the body", async () => {
    const { client, calls } = fakeBroker(
      { "POST /connect/token": () => json(tokenAnswer()) },
      { clientSecret: "s3cr:t+ %" },
    );
    await client.redeemCode({ code: "c", codeVerifier: "v", redirectUri: "https://web/cb" });
    const [call] = calls();
    const expected = `Basic ${btoa(`${CLIENT_ID}:s3cr%3At%2B+%25`)}`;
    expect(call?.headers.get("authorization")).toBe(expected);
    expect(form(call?.body)).toEqual({
      grant_type: "authorization_code",
      code: "c",
      redirect_uri: "https://web/cb",
      code_verifier: "v",
    });
  });

  test("basic credentials are padded base64", () => {
    expect(basicAuthorization("a", "b")).toBe(`Basic ${btoa("a:b")}`);
    expect(basicAuthorization("ab", "cd")).toBe(`Basic ${btoa("ab:cd")}`);
    expect(basicAuthorization("abc", "d")).toBe(`Basic ${btoa("abc:d")}`);
  });

  test("a 400 invalid_grant is a LotseAuthError", async () => {
    const { client } = fakeBroker({
      "POST /connect/token": () =>
        json({ error: "invalid_grant", error_description: "grant request is invalid" }, 400),
    });
    const error = await client.redeemCode({ code: "c", codeVerifier: "v" }).catch((e) => e);
    expect(error).toBeInstanceOf(LotseAuthError);
    expect(error).toMatchObject({ code: "invalid_grant", status: 400 });
  });

  test("ID token claim checks (OIDC Core §3.1.3.7)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<Record<string, unknown>> = [
      idTokenClaims({ nonce: "other" }),
      idTokenClaims({}),
      idTokenClaims({ nonce: "n", iss: "https://evil.test" }),
      idTokenClaims({ nonce: "n", aud: "someone-else" }),
      idTokenClaims({ nonce: "n", aud: [CLIENT_ID, "other"] }),
      idTokenClaims({ nonce: "n", aud: CLIENT_ID, azp: "other" }),
      idTokenClaims({ nonce: "n", exp: now - 120 }),
    ];
    for (const claims of cases) {
      const { client } = fakeBroker({ "POST /connect/token": () => json(tokenAnswer(claims)) });
      await expect(
        client.redeemCode({ code: "c", codeVerifier: "v", nonce: "n" }),
        JSON.stringify(claims),
      ).rejects.toMatchObject({ name: "LotseProtocolError", code: "invalid_id_token" });
    }
    const accepted = [
      idTokenClaims({ nonce: "n", aud: [CLIENT_ID, "other"], azp: CLIENT_ID }),
      idTokenClaims({ nonce: "n", exp: now - 30 }), // within the clock tolerance
    ];
    for (const claims of accepted) {
      const { client } = fakeBroker({ "POST /connect/token": () => json(tokenAnswer(claims)) });
      await expect(
        client.redeemCode({ code: "c", codeVerifier: "v", nonce: "n" }),
      ).resolves.toBeDefined();
    }
  });

  test("malformed token answers are protocol errors", async () => {
    const { id_token: _, ...withoutIdToken } = tokenAnswer();
    for (const [body, nonce] of [
      [{ token_type: "Bearer" }, undefined],
      [{ ...tokenAnswer(), expires_in: "300" }, undefined],
      [{ ...tokenAnswer(), id_token: "a.b" }, undefined],
      [withoutIdToken, "n"],
    ] as const) {
      const { client } = fakeBroker({ "POST /connect/token": () => json(body) });
      await expect(
        client.redeemCode({ code: "c", codeVerifier: "v", ...(nonce ? { nonce } : {}) }),
      ).rejects.toBeInstanceOf(LotseProtocolError);
    }
  });
});

describe("refresh, revoke, logout", () => {
  test("refresh: grant_type=refresh_token; the new ID token is checked without nonce", async () => {
    const { client, calls } = fakeBroker({
      "POST /connect/token": () => json(tokenAnswer(idTokenClaims())),
    });
    const tokens = await client.refresh("rt-1");
    expect(form(calls()[0]?.body)).toEqual({
      grant_type: "refresh_token",
      refresh_token: "rt-1",
      client_id: CLIENT_ID,
    });
    expect(tokens.refreshToken).toBe("rt");
    expect(tokens.claims?.sub).toBe("sub-1");
  });

  test("revoke: POST token and hint to the revocation endpoint; an empty 200 is success", async () => {
    const { client, calls } = fakeBroker(
      { "POST /connect/revocation": () => new Response(null, { status: 200 }) },
      { clientSecret: "secret" },
    );
    await client.revoke("rt", "refresh_token");
    const [call] = calls();
    expect(call?.url.href).toBe(`${ISSUER}/connect/revocation`);
    expect(call?.headers.get("authorization")).toBe(`Basic ${btoa(`${CLIENT_ID}:secret`)}`);
    expect(form(call?.body)).toEqual({ token: "rt", token_type_hint: "refresh_token" });
  });

  test("logoutUrl: RP-Initiated Logout parameters at end_session_endpoint", async () => {
    const { client } = fakeBroker();
    const url = new URL(
      await client.logoutUrl({
        idTokenHint: "id",
        postLogoutRedirectUri: "de.lotse.demo:/logout",
        state: "s",
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/connect/endsession`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      id_token_hint: "id",
      post_logout_redirect_uri: "de.lotse.demo:/logout",
      state: "s",
    });
  });
});

describe("decodeIdToken", () => {
  test("decodes the payload (UTF-8) without checking anything else", () => {
    const claims = idTokenClaims({ "urn:telematik:claims:display_name": "Jürgen Ä" });
    expect(decodeIdToken(idToken(claims))).toEqual(claims);
  });

  test("refuses what is not a JWS with the required claims", () => {
    for (const token of ["x", "a.b.c", `a.${btoa("[]")}.c`, idToken({ iss: ISSUER })])
      expect(() => decodeIdToken(token)).toThrow(LotseProtocolError);
  });
});
