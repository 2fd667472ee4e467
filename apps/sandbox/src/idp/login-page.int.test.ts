/**
 * The insurer's login page driven like a browser would, by HTTP form posts: pick an
 * identity, untick claims, approve or cancel.
 */
import { TELEMATIK_SCOPES } from "@lotse/domain";
import { CookieBrowser } from "../testing/cookie-browser.js";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { brokerClientFor, pushAuthorization, redeem } from "../testing/relying-party.js";

const ALL_SCOPES = ["openid", ...TELEMATIK_SCOPES].join(" ");

async function openLoginPage(world: World, params: Record<string, string> = {}) {
  const config = await brokerClientFor(world.idp("nord"), world.broker);
  const login = await pushAuthorization(config, world.broker, { scope: ALL_SCOPES, ...params });
  const browser = new CookieBrowser();
  const { response, url } = await browser.follow(login.authorizationUrl.href, world.sandbox.url);
  const submit = (form: [string, string][]) =>
    browser.follow(url, world.sandbox.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
  return { config, login, response, html: await response.text(), submit };
}

describe("the page", () => {
  test("shows the client, the identities and every requested claim, in German by default", async ({
    world,
  }) => {
    const { response, html } = await openLoginPage(world);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("form-action");
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Anmelden bei Sandbox Krankenkasse Nord");
    expect(html).toContain(`<code>${world.broker.url}</code>`);
    for (const kvnr of ["X110411675", "X110412020", "X110416447"]) {
      expect(html).toContain(`data-testid="identity-${kvnr}"`);
    }
    expect(html).not.toContain('data-testid="identity-X110417526"'); // insured at privat only
    for (const claim of [
      "id",
      "email",
      "display_name",
      "given_name",
      "geburtsdatum",
      "geschlecht",
      "alter",
    ]) {
      expect(html).toContain(`data-testid="claim-urn:telematik:claims:${claim}"`);
    }
    expect(html).toContain('data-testid="approve"');
    expect(html).toContain('data-testid="cancel"');
    // Accessible by construction: grouped controls with legends, inputs inside labels.
    expect(html.match(/<legend>/g)).toHaveLength(2);
    expect(html).toMatch(/<label class="option"><input type="radio"[^>]*autofocus/);
  });

  test("speaks English when ui_locales asks for it", async ({ world }) => {
    const { html } = await openLoginPage(world, { ui_locales: "en-GB de" });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Log in with Sandbox Krankenkasse Nord");
  });

  test("without the interaction cookie there is only an error page", async ({ world }) => {
    const { response } = await new CookieBrowser().follow(
      `${world.idp("nord")}/interaction/whatever`,
      world.sandbox.url,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('data-testid="idp-error"');
  });
});

describe("the person's decisions", () => {
  test("declined claims are not released", async ({ world }) => {
    const { config, login, submit } = await openLoginPage(world);
    const kept = [
      "urn:telematik:claims:id",
      "urn:telematik:claims:organization_ir_id",
      "urn:telematik:claims:profession",
      "urn:telematik:claims:display_name",
      "urn:telematik:claims:given_name",
      "urn:telematik:claims:geschlecht",
    ];
    const { location } = await submit([
      ["identity", "X110412020"],
      ...kept.map((claim): [string, string] => ["claim", claim]),
      ["action", "approve"],
    ]);
    const claims = (await redeem(config, location!, login)).claims()!;
    expect(claims).toMatchObject({
      "urn:telematik:claims:id": "X110412020",
      "urn:telematik:claims:display_name": "Jonas Testmann",
      "urn:telematik:claims:given_name": "Jonas",
      "urn:telematik:claims:geschlecht": "M",
    });
    expect(claims).not.toHaveProperty("urn:telematik:claims:email");
    expect(claims).not.toHaveProperty("urn:telematik:claims:geburtsdatum");
    expect(claims).not.toHaveProperty("urn:telematik:claims:alter");
  });

  test("a single claim of a multi-claim scope can be declined", async ({ world }) => {
    const { config, login, submit } = await openLoginPage(world, {
      scope: "openid urn:telematik:versicherter",
    });
    const { location } = await submit([
      ["identity", "X110411675"],
      ["claim", "urn:telematik:claims:id"],
      ["action", "approve"],
    ]);
    const claims = (await redeem(config, location!, login)).claims()!;
    expect(claims["urn:telematik:claims:id"]).toBe("X110411675");
    expect(claims).not.toHaveProperty("urn:telematik:claims:organization_ir_id");
    expect(claims).not.toHaveProperty("urn:telematik:claims:profession");
  });

  test("approving without an identity shows the page again with an error", async ({ world }) => {
    const { submit } = await openLoginPage(world);
    const { response } = await submit([["action", "approve"]]);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('data-testid="login-error"');
    expect(html).toContain('role="alert"');
  });

  test("cancel sends access_denied with the state to the broker", async ({ world }) => {
    const { login, submit } = await openLoginPage(world);
    const { location } = await submit([["action", "cancel"]]);
    expect(location?.origin + location!.pathname).toBe(world.broker.redirectUri);
    expect(location!.searchParams.get("error")).toBe("access_denied");
    expect(location!.searchParams.get("state")).toBe(login.state);
    expect(location!.searchParams.get("iss")).toBe(world.idp("nord"));
    expect(location!.searchParams.get("code")).toBeNull();
  });
});
