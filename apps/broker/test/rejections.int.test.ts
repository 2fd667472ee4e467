/**
 * Requests the broker must refuse, and how: never redirect to an unregistered URI
 * (RFC 6749 §4.1.2.1, RFC 9700 §4.1), PKCE S256 or nothing (RFC 7636, RFC 9700 §2.1.1),
 * no scope an application did not register (DESIGN.md §4), login failures back to the
 * application as OAuth errors.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { createApplication, TEST_REDIRECT } from "./support/applications.js";
import { person } from "./support/identities.js";
import { authorize, browse, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => broker?.close());

function authUrl(params: Record<string, string>): URL {
  const url = new URL(`${broker.issuer}/connect/auth`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

const pkce = {
  code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  code_challenge_method: "S256",
};

describe("redirect URIs", () => {
  test("an unregistered redirect_uri gets a 400 page, never a redirect", async () => {
    const response = await fetch(
      authUrl({
        client_id: DEMO_WEB.clientId,
        response_type: "code",
        scope: "openid",
        redirect_uri: "https://attacker.example/callback",
        ...pkce,
      }),
      { redirect: "manual" },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain("redirect_uri");
    expect(html).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(html).not.toContain("attacker.example");
  });

  test("a missing redirect_uri is refused too, even with a single registered one", async () => {
    const app = await createApplication(broker.prisma);
    const response = await fetch(
      authUrl({ client_id: app.clientId, response_type: "code", scope: "openid", ...pkce }),
      { redirect: "manual" },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  test("an unknown client gets a 400 page", async () => {
    const response = await fetch(
      authUrl({
        client_id: "nobody",
        response_type: "code",
        scope: "openid",
        redirect_uri: TEST_REDIRECT,
        ...pkce,
      }),
      { redirect: "manual" },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });
});

describe("PKCE", () => {
  async function errorFor(params: Record<string, string>) {
    const { location } = await browse(
      broker,
      authUrl({
        client_id: DEMO_MOBILE.clientId,
        response_type: "code",
        scope: "openid",
        redirect_uri: DEMO_MOBILE.redirectUris[0],
        state: "s",
        ...params,
      }),
    );
    return location ? Object.fromEntries(location.searchParams) : undefined;
  }

  test("a public client without PKCE is refused", async () => {
    expect(await errorFor({})).toMatchObject({ error: "invalid_request", state: "s" });
  });

  test("a confidential client without PKCE is refused as well (RFC 9700 §2.1.1)", async () => {
    const { location } = await browse(
      broker,
      authUrl({
        client_id: DEMO_WEB.clientId,
        response_type: "code",
        scope: "openid",
        redirect_uri: DEMO_WEB.redirectUris[0],
      }),
    );
    expect(location?.searchParams.get("error")).toBe("invalid_request");
  });

  test("code_challenge_method=plain is refused", async () => {
    expect(
      await errorFor({ code_challenge: "a".repeat(43), code_challenge_method: "plain" }),
    ).toMatchObject({
      error: "invalid_request",
    });
  });

  test.each(["token", "id_token", "code id_token"])(
    "response_type=%s is refused: no implicit or hybrid flow (RFC 9700 §2.1.2)",
    async (responseType) => {
      const { location, response } = await browse(
        broker,
        authUrl({
          client_id: DEMO_MOBILE.clientId,
          response_type: responseType,
          scope: "openid",
          nonce: "n",
          redirect_uri: DEMO_MOBILE.redirectUris[0],
          ...pkce,
        }),
      );
      if (location) {
        expect(location.href).toMatch(/error=unsupported_response_type/);
        expect(location.href).not.toMatch(/access_token|id_token=|code=/);
      } else {
        expect(response.status).toBe(400);
      }
    },
  );
});

describe("scopes", () => {
  test("a scope the application did not register is refused with invalid_scope", async () => {
    const app = await createApplication(broker.prisma, {
      allowedScopes: ["openid", "urn:telematik:email"],
    });
    const rp = await relyingParty(broker, app.clientId, { secret: app.secret });
    await expect(
      authorize(broker, rp, {
        redirectUri: TEST_REDIRECT,
        scope: "openid urn:telematik:versicherter",
        login: person(),
      }).then(({ callback, checks }) => client.authorizationCodeGrant(rp, callback, checks)),
    ).rejects.toMatchObject({ error: "invalid_scope" });
  });

  test("registered scopes only ever release their own claims", async () => {
    const app = await createApplication(broker.prisma, {
      allowedScopes: ["openid", "urn:telematik:email"],
    });
    const rp = await relyingParty(broker, app.clientId, { secret: app.secret });
    const { callback, checks } = await authorize(broker, rp, {
      redirectUri: TEST_REDIRECT,
      scope: "openid urn:telematik:email",
      login: person(),
    });
    const tokens = await client.authorizationCodeGrant(rp, callback, checks);
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub);
    expect(Object.keys(userinfo).sort()).toEqual(["sub", "urn:telematik:claims:email"]);
  });
});

describe("failed upstream logins", () => {
  test.each(["access_denied", "temporarily_unavailable", "server_error"])(
    "%s reaches the application as that OAuth error",
    async (error) => {
      const rp = await relyingParty(broker, DEMO_WEB.clientId, {
        secret: DEMO_WEB.developmentSecret,
      });
      const { callback, checks } = await authorize(broker, rp, {
        redirectUri: DEMO_WEB.redirectUris[0],
        login: { fail: { error, error_description: "upstream said no" } },
      });
      expect(callback.searchParams.get("error")).toBe(error);
      expect(callback.searchParams.get("state")).toBe(checks.expectedState);
      expect(callback.searchParams.get("iss")).toBe(broker.issuer);
      expect(callback.searchParams.get("code")).toBeNull();
    },
  );
});
