/**
 * The insurer's authenticator app (issue 5): when an authorization returns to an app's
 * redirect URI instead of the broker's callback, the login page is the phone-sized app
 * page, and approving or cancelling navigates to the app with code and state (or error).
 */
import { CookieBrowser } from "../testing/cookie-browser.js";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { brokerClientFor, pushAuthorization } from "../testing/relying-party.js";

/** Announced by the test broker's entity configuration (testing/fixture.ts). */
const APP_LINK = "https://app.lotse.test/app/ce";

async function openAppPage(world: World, params: Record<string, string> = {}) {
  const config = await brokerClientFor(world.idp("nord"), world.broker);
  const login = await pushAuthorization(config, world.broker, {
    redirect_uri: APP_LINK,
    scope: "openid urn:telematik:display_name",
    ...params,
  });
  const browser = new CookieBrowser();
  const { response, url, location } = await browser.follow(
    login.authorizationUrl.href,
    world.sandbox.url,
  );
  const submit = (form: [string, string][]) =>
    browser.follow(url, world.sandbox.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
  return { login, response, location, html: await response.text(), submit };
}

describe("authenticator app page", () => {
  test("is shown for an app redirect URI, names the app's return, and returns code and state", async ({
    world,
  }) => {
    const { html, response, login, submit } = await openAppPage(world);
    expect(response.status).toBe(200);
    expect(html).toContain('data-testid="authenticator-app"');
    expect(html).toContain('data-testid="returns-to"');
    expect(html).toContain(APP_LINK);
    expect(html).toContain("max-width:24rem");
    const { location } = await submit([
      ["identity", "X110411675"],
      ["action", "approve"],
    ]);
    expect(`${location!.origin}${location!.pathname}`).toBe(APP_LINK);
    expect(location!.searchParams.get("state")).toBe(login.state);
    expect(location!.searchParams.get("code")).toBeTruthy();
  });

  test("cancel returns access_denied to the app", async ({ world }) => {
    const { login, submit } = await openAppPage(world);
    const { location } = await submit([["action", "cancel"]]);
    expect(`${location!.origin}${location!.pathname}`).toBe(APP_LINK);
    expect(location!.searchParams.get("error")).toBe("access_denied");
    expect(location!.searchParams.get("state")).toBe(login.state);
  });

  test("the testing parameters skip the page", async ({ world }) => {
    const { location } = await openAppPage(world, {
      gematik_enable_testing: "true",
      gematik_login_user: "X110411675",
    });
    expect(`${location!.origin}${location!.pathname}`).toBe(APP_LINK);
    expect(location!.searchParams.get("code")).toBeTruthy();
  });

  test("the broker's own callback keeps the browser login page", async ({ world }) => {
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    const login = await pushAuthorization(config, world.broker, {});
    const { response } = await new CookieBrowser().follow(
      login.authorizationUrl.href,
      world.sandbox.url,
    );
    expect(await response.text()).not.toContain('data-testid="authenticator-app"');
  });
});

describe("an app's private-use scheme (RFC 8252 §7.1)", () => {
  test("is an accepted redirect URI, and the app page returns code and state to it", async ({
    world,
  }) => {
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    const login = await pushAuthorization(config, world.broker, {
      redirect_uri: "de.lotse.demo:/oauthredirect",
      gematik_enable_testing: "true",
      gematik_login_user: "X110411675",
    });
    const { location } = await new CookieBrowser().follow(
      login.authorizationUrl.href,
      world.sandbox.url,
    );
    expect(location?.href.startsWith("de.lotse.demo:/oauthredirect?")).toBe(true);
    expect(location!.searchParams.get("state")).toBe(login.state);
    expect(location!.searchParams.get("code")).toBeTruthy();
  });
});
