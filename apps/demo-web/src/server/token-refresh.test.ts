import { describe, expect, it } from "vitest";
import { clientSecretBasic, RefreshError, refreshTokens } from "./token-refresh";

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const idToken = (payload: Record<string, unknown>) =>
  `${segment({ alg: "RS256" })}.${segment(payload)}.sig`;
const LOGIN = { iss: "http://localhost:4000", sub: "s1", aud: "demo-web" };

function fakeTokenEndpoint(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return Response.json(body, { status });
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

const options = {
  tokenEndpoint: "http://localhost:4000/connect/token",
  clientId: "demo-web",
  clientSecret: "demo-web-secret",
  refreshToken: "old-refresh",
  idToken: idToken(LOGIN),
  now: () => 1_000_000,
};

describe("refreshTokens", () => {
  it("sends the refresh_token grant with client_secret_basic and keeps the rotated token", async () => {
    const endpoint = fakeTokenEndpoint(200, {
      access_token: "new-access",
      token_type: "Bearer",
      expires_in: 300,
      refresh_token: "new-refresh",
      id_token: idToken({ ...LOGIN, iat: 999 }),
    });
    const tokens = await refreshTokens({ ...options, fetch: endpoint.fetch });

    expect(tokens).toEqual({
      accessToken: "new-access",
      accessTokenExpiresAt: 1300,
      refreshToken: "new-refresh",
      idToken: idToken({ ...LOGIN, iat: 999 }),
    });
    const [call] = endpoint.calls;
    expect(call!.url).toBe("http://localhost:4000/connect/token");
    expect(call!.init.method).toBe("POST");
    const headers = new Headers(call!.init.headers);
    expect(headers.get("authorization")).toBe(
      `Basic ${Buffer.from("demo-web:demo-web-secret").toString("base64")}`,
    );
    expect(Object.fromEntries(call!.init.body as URLSearchParams)).toEqual({
      grant_type: "refresh_token",
      refresh_token: "old-refresh",
    });
  });

  it("keeps refresh and ID token when the answer has none (no rotation)", async () => {
    const endpoint = fakeTokenEndpoint(200, {
      access_token: "a",
      token_type: "bearer",
      expires_in: 60,
    });
    const tokens = await refreshTokens({ ...options, fetch: endpoint.fetch });
    expect(tokens.refreshToken).toBe("old-refresh");
    expect(tokens.idToken).toBe(options.idToken);
  });

  it("answers the broker's OAuth error, e.g. invalid_grant for a reused token", async () => {
    const endpoint = fakeTokenEndpoint(400, {
      error: "invalid_grant",
      error_description: "grant request is invalid",
    });
    const refresh = refreshTokens({ ...options, fetch: endpoint.fetch });
    await expect(refresh).rejects.toBeInstanceOf(RefreshError);
    await expect(refresh).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("rejects a refreshed ID token for another subject (OIDC Core §12.2)", async () => {
    const endpoint = fakeTokenEndpoint(200, {
      access_token: "a",
      token_type: "Bearer",
      expires_in: 60,
      id_token: idToken({ ...LOGIN, sub: "someone-else" }),
    });
    await expect(refreshTokens({ ...options, fetch: endpoint.fetch })).rejects.toMatchObject({
      code: "invalid_id_token",
    });
  });

  it("rejects a malformed answer", async () => {
    const endpoint = fakeTokenEndpoint(200, { token_type: "Bearer" });
    await expect(refreshTokens({ ...options, fetch: endpoint.fetch })).rejects.toMatchObject({
      code: "invalid_response",
    });
  });
});

describe("clientSecretBasic", () => {
  it("form-encodes id and secret before base64 (RFC 6749 §2.3.1)", () => {
    expect(clientSecretBasic("a b", "p:w%")).toBe(
      `Basic ${Buffer.from("a+b:p%3Aw%25").toString("base64")}`,
    );
  });
});
