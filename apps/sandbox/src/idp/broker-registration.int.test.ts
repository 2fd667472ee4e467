/**
 * Automatic registration of the broker at the insurers (OpenID Federation 1.0 §12.1): no
 * configured client, only the broker's entity configuration, verified through the chain
 * from the trust anchor; the registration follows that configuration, and a redirect URI
 * the broker added a moment ago works at once.
 */
import { compactDecrypt, decodeJwt } from "jose";
import { CookieBrowser } from "../testing/cookie-browser.js";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { brokerClientFor, pushAuthorization, redeem } from "../testing/relying-party.js";
import { REREAD_INTERVAL_MS } from "./broker-registration.js";

const ANNA = "X110411675"; // insured at nord

async function login(world: World, params: Record<string, string> = {}) {
  const config = await brokerClientFor(world.idp("nord"), world.broker);
  const pending = await pushAuthorization(config, world.broker, {
    gematik_enable_testing: "true",
    gematik_login_user: ANNA,
    ...params,
  });
  const { location } = await new CookieBrowser().follow(
    pending.authorizationUrl.href,
    world.sandbox.url,
  );
  return { config, pending, location: location! };
}

/** The acr of the ID token the broker gets (decrypted, as the broker does). */
async function idTokenAcr(world: World, params: Record<string, string>) {
  const { config, pending, location } = await login(world, params);
  const tokens = await redeem(config, location, pending);
  const { plaintext } = await compactDecrypt(tokens.id_token!, world.broker.encryptionKey);
  return decodeJwt(new TextDecoder().decode(plaintext)).acr;
}

describe("registration from the broker's entity configuration", () => {
  test("the first request registers the broker; later ones use the cached registration", async ({
    world,
  }) => {
    const before = world.broker.configurationRequests();
    const { location, pending } = await login(world);
    expect(location.href.startsWith(world.broker.redirectUri)).toBe(true);
    expect(location.searchParams.get("state")).toBe(pending.state);
    const afterFirst = world.broker.configurationRequests();
    // Read once by the master (its keys) and once by the insurer (its metadata).
    expect(afterFirst - before).toBe(2);
    await login(world);
    expect(world.broker.configurationRequests()).toBe(afterFirst);
  });

  test("the login page names the client as its configuration does", async ({ world }) => {
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    const pending = await pushAuthorization(config, world.broker, {});
    const { response } = await new CookieBrowser().follow(
      pending.authorizationUrl.href,
      world.sandbox.url,
    );
    const html = await response.text();
    expect(html).toContain("Lotse");
    expect(html).toContain(`<code>${world.broker.url}</code>`);
  });

  test("a redirect URI the broker announced a moment ago works at once", async ({ world }) => {
    await login(world); // registered, with the URIs of the start
    const added = "https://new-app.lotse.test/app/ce";
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    await expect(
      pushAuthorization(config, world.broker, { redirect_uri: "https://never.lotse.test/cb" }),
    ).rejects.toMatchObject({
      // RFC 9126 §2.3: PAR answers a bad redirect_uri as invalid_request.
      error: "invalid_request",
      error_description: expect.stringContaining("redirect_uri"),
    });
    // That re-read counts for the throttle; the next one may come after the interval.
    await new Promise((resolve) => setTimeout(resolve, REREAD_INTERVAL_MS + 100));

    world.broker.redirectUris.push(added);
    const before = world.broker.configurationRequests();
    const pending = await pushAuthorization(config, world.broker, {
      redirect_uri: added,
      gematik_enable_testing: "true",
      gematik_login_user: ANNA,
    });
    expect(world.broker.configurationRequests()).toBeGreaterThan(before);
    const { location } = await new CookieBrowser().follow(
      pending.authorizationUrl.href,
      world.sandbox.url,
    );
    expect(`${location!.origin}${location!.pathname}`).toBe(added);
    expect(location!.searchParams.get("code")).toBeTruthy();
  });

  test("unknown redirect URIs re-read the configuration at most once per interval", async ({
    world,
  }) => {
    await login(world);
    await new Promise((resolve) => setTimeout(resolve, REREAD_INTERVAL_MS + 100));
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    const before = world.broker.configurationRequests();
    for (const uri of ["https://unknown-1.lotse.test/cb", "https://unknown-2.lotse.test/cb"]) {
      await expect(
        pushAuthorization(config, world.broker, { redirect_uri: uri }),
      ).rejects.toMatchObject({
        // RFC 9126 §2.3: PAR answers a bad redirect_uri as invalid_request.
        error: "invalid_request",
        error_description: expect.stringContaining("redirect_uri"),
      });
    }
    // One re-read (master and insurer read it once each), the second request was throttled.
    expect(world.broker.configurationRequests() - before).toBe(2);
  });
});

describe("a redirect URI the insurer cannot register", () => {
  test("is left out; the broker and its other URIs stay registered", async ({ world }) => {
    // https on a loopback host is no claimed URI a native client may use (RFC 8252 §7.2),
    // and the private-use scheme needs the native type: the scheme wins, the other is left out.
    const refused = "https://localhost/app/ce";
    world.broker.redirectUris.push(refused);
    try {
      const config = await brokerClientFor(world.idp("privat"), world.broker);
      const atBroker = await pushAuthorization(config, world.broker, {});
      expect(atBroker.authorizationUrl.searchParams.get("request_uri")).toMatch(/^urn:/);
      await expect(
        pushAuthorization(config, world.broker, { redirect_uri: "de.lotse.demo:/oauthredirect" }),
      ).resolves.toBeDefined();
      await expect(
        pushAuthorization(config, world.broker, { redirect_uri: refused }),
      ).rejects.toMatchObject({ error: "invalid_request" });
    } finally {
      world.broker.redirectUris.pop();
    }
  });
});

describe("acr_values (gemSpec_IDP_Sek, A_23129)", () => {
  test("the ID token asserts the first requested supported value, high by default", async ({
    world,
  }) => {
    expect(await idTokenAcr(world, {})).toBe("gematik-ehealth-loa-high");
    expect(await idTokenAcr(world, { acr_values: "gematik-ehealth-loa-substantial" })).toBe(
      "gematik-ehealth-loa-substantial",
    );
    expect(
      await idTokenAcr(world, {
        acr_values: "urn:unknown gematik-ehealth-loa-high gematik-ehealth-loa-substantial",
      }),
    ).toBe("gematik-ehealth-loa-high");
  });
});
