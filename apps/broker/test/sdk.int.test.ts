/**
 * @lotse/sdk against the real broker and sandbox (issue 5): an app drives the mobile flows
 * with nothing but the SDK. The insurer's authenticator app is played by following the
 * upstream URL with fetch; the testing parameters log the person in without a page.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE } from "@lotse/db/seed";
// The SDK is not a dependency of the broker; its source is imported by path (tests only).
import {
  LotseAuthError,
  createLotseClient,
  type LotseClient,
} from "../../../packages/sdk/src/index.js";
import {
  APP_REDIRECT_URIS,
  CookieBrowser,
  chooseInBrowser,
  followRedirects,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = "X110411675";
const SCOPE = [
  "openid",
  "offline_access",
  "urn:telematik:versicherter",
  "urn:telematik:display_name",
];
const testing = (kvnr: string) => ({ gematik_enable_testing: "true", gematik_login_user: kvnr });

let world: FederatedWorld;
let sdk: LotseClient;

beforeAll(async () => {
  world = await startFederatedWorld();
  sdk = createLotseClient({
    issuer: world.issuer,
    clientId: DEMO_MOBILE.clientId,
    redirectUri: APP_REDIRECT_URIS[0]!,
  });
});
afterAll(async () => world?.close());

/** The insurer's app: from its authorization URL to the link that opens the app again. */
async function insurerReturnsToApp(url: string): Promise<URL> {
  const browser = new CookieBrowser();
  const followed = await followRedirects(world, browser, {
    url: new URL(url),
    response: await browser.fetch(url),
  });
  expect(followed.location, `stopped at ${followed.hops.at(-1)?.url.href}`).toBeDefined();
  return followed.location!;
}

describe("flow B with the SDK", () => {
  test("IDP list → native login → insurer → handleRedirect → tokens → refresh → revoke", async () => {
    const idps = await sdk.listIdps();
    const nord = idps.find((idp) => idp.issuer === world.idp("nord"));
    expect(nord).toMatchObject({ pkv: false, organizationName: expect.any(String) });

    const login = await sdk.startNativeLogin({
      provider: nord!.issuer,
      scope: SCOPE,
      extraParams: testing(ANNA),
    });
    expect(login.url.startsWith(`${world.idp("nord")}/`)).toBe(true);

    const deepLink = await insurerReturnsToApp(login.url);
    expect(`${deepLink.origin}${deepLink.pathname}`).toBe(APP_REDIRECT_URIS[0]);
    // The insurer's return carries the broker's state, so the SDK exchanges it.
    expect(deepLink.searchParams.get("state")).not.toBe(login.state);

    const response = await sdk.handleRedirect(deepLink, { expectedState: login.state });
    expect(response).toMatchObject({ state: login.state, iss: world.issuer });

    const tokens = await sdk.redeemCode({
      code: response.code,
      codeVerifier: login.pkce.verifier,
      nonce: login.nonce,
    });
    expect(tokens.claims).toMatchObject({
      iss: world.issuer,
      aud: DEMO_MOBILE.clientId,
      nonce: login.nonce,
      acr: "gematik-ehealth-loa-high",
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });
    expect(tokens.refreshToken).toEqual(expect.any(String));

    const refreshed = await sdk.refresh(tokens.refreshToken!);
    expect(refreshed.claims?.sub).toBe(tokens.claims?.sub);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);

    await sdk.revoke(refreshed.refreshToken!, "refresh_token");
    await expect(sdk.refresh(refreshed.refreshToken!)).rejects.toMatchObject({
      code: "invalid_grant",
    });

    // The broker code works once (its reuse would also revoke the grant, RFC 6749 §4.1.2).
    await expect(
      sdk.redeemCode({ code: response.code, codeVerifier: login.pkce.verifier }),
    ).rejects.toMatchObject({ name: "LotseAuthError", code: "invalid_grant" });
    // And so does the insurer's: the same deep link again is refused by the exchange.
    await expect(
      sdk.handleRedirect(deepLink, { expectedState: login.state }),
    ).rejects.toMatchObject({ name: "LotseAuthError", code: "invalid_grant" });

    const logout = new URL(
      await sdk.logoutUrl({
        idTokenHint: tokens.idToken!,
        postLogoutRedirectUri: DEMO_MOBILE.postLogoutRedirectUris[0],
        state: "bye",
      }),
    );
    const ended = await fetch(logout, { redirect: "manual" });
    expect(ended.status).toBeLessThan(400);
  });

  test("a cancel at the insurer is a LotseAuthError access_denied with the app's state", async () => {
    const [nord] = (await sdk.listIdps()).filter((idp) => idp.issuer === world.idp("nord"));
    const login = await sdk.startNativeLogin({
      provider: nord!.issuer,
      scope: "openid",
      extraParams: testing("X000000000"),
    });
    const error = await sdk
      .handleRedirect(await insurerReturnsToApp(login.url), { expectedState: login.state })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LotseAuthError);
    expect(error).toMatchObject({ code: "access_denied", state: login.state });
  });

  test("the broker's JSON authorize errors are typed", async () => {
    await expect(
      sdk.startNativeLogin({ provider: "https://idp.invalid", scope: "openid" }),
    ).rejects.toMatchObject({ name: "LotseAuthError", code: "invalid_request", status: 400 });
    await expect(
      sdk.startNativeLogin({
        provider: world.idp("nord"),
        scope: "openid",
        redirectUri: "https://evil.example/cb",
      }),
    ).rejects.toMatchObject({ code: "invalid_redirect_uri" });
  });
});

describe("flow A with the SDK", () => {
  test("chooser in the browser, the insurer returns to the app, handleRedirect exchanges", async () => {
    const login = await sdk.buildAuthorizationUrl({
      scope: "openid urn:telematik:display_name",
      extraParams: testing(ANNA),
    });
    const browser = new CookieBrowser();
    const { followed } = await chooseInBrowser(world, browser, new URL(login.url));
    const response = await sdk.handleRedirect(followed.location!, {
      expectedState: login.state,
    });
    const tokens = await sdk.redeemCode({
      code: response.code,
      codeVerifier: login.pkce.verifier,
      nonce: login.nonce,
    });
    expect(tokens.claims).toMatchObject({ "urn:telematik:claims:display_name": "Anna Beispiel" });
  });
});
