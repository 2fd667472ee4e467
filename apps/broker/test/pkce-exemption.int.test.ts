/**
 * PKCE stays required by default (RFC 9700 §2.1.1); a confidential application may be
 * exempted in the portal (Application.pkceRequired = false), e.g. a Keycloak identity
 * provider set up without PKCE (issue 13). A public application never is, whatever the
 * database says (applications/client-metadata.ts).
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApplication } from "./support/applications.js";
import { person } from "./support/identities.js";
import { oauthError } from "./support/oauth-errors.js";
import { authorize, browse, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

const REDIRECT = "https://rp.example/callback";

let broker: TestBroker;

beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => broker?.close());

async function app(type: "CONFIDENTIAL" | "PUBLIC", pkceRequired: boolean) {
  const { clientId, secret } = await createApplication(broker.prisma, {
    type,
    redirectUris: [REDIRECT],
  });
  await broker.prisma.application.update({ where: { clientId }, data: { pkceRequired } });
  return relyingParty(broker, clientId, type === "CONFIDENTIAL" ? { secret } : "none");
}

/** An authorization request without code_challenge; where the broker sends the browser. */
async function withoutPkce(config: client.Configuration) {
  const state = client.randomState();
  const nonce = client.randomNonce();
  broker.logins.set(state, person());
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid urn:telematik:versicherter",
    state,
    nonce,
  });
  const { location } = await browse(broker, url);
  if (!location) throw new Error("the broker did not redirect back to the application");
  return { callback: location, checks: { expectedState: state, expectedNonce: nonce } };
}

describe("confidential application with PKCE switched off", () => {
  test("logs in without PKCE", async () => {
    const config = await app("CONFIDENTIAL", false);
    const { callback, checks } = await withoutPkce(config);
    expect(callback.searchParams.get("code")).toBeTruthy();
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    expect(tokens.claims()?.["urn:telematik:claims:id"]).toBe("X110411675");
  });

  test("PKCE still works, and binds the code when sent (RFC 7636 §4.6)", async () => {
    const config = await app("CONFIDENTIAL", false);
    const { callback, checks } = await authorize(broker, config, {
      redirectUri: REDIRECT,
      login: person(),
    });
    const { pkceCodeVerifier: _verifier, ...withoutVerifier } = checks;
    // A code bound to a challenge cannot be redeemed without its verifier (RFC 9700 §4.8.2).
    expect(
      (await oauthError(client.authorizationCodeGrant(config, callback, withoutVerifier))).error,
    ).toBe("invalid_grant");

    const again = await authorize(broker, config, { redirectUri: REDIRECT, login: person() });
    const tokens = await client.authorizationCodeGrant(config, again.callback, again.checks);
    expect(tokens.access_token).toBeTruthy();
  });
});

describe("PKCE required", () => {
  test("a confidential application with PKCE on is refused without it", async () => {
    const config = await app("CONFIDENTIAL", true);
    const { callback } = await withoutPkce(config);
    expect(callback.searchParams.get("error")).toBe("invalid_request");
    expect(callback.searchParams.get("error_description")).toMatch(/PKCE/);
    expect(callback.searchParams.has("code")).toBe(false);
  });

  test("a public application is refused without it even when the database says off", async () => {
    const config = await app("PUBLIC", false);
    const { callback } = await withoutPkce(config);
    expect(callback.searchParams.get("error")).toBe("invalid_request");
    expect(callback.searchParams.get("error_description")).toMatch(/PKCE/);
  });
});
