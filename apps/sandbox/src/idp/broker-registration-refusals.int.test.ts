/**
 * An insurer registers the broker only through a valid trust chain (OpenID Federation 1.0
 * §10.2): a configuration not signed by the key the master vouches for, an expired one, one
 * about another subject or without the master in its authority_hints leaves the client
 * unknown — invalid_client, nothing issued. Each case uses its own insurer, since a refusal
 * is remembered for REREAD_INTERVAL_MS.
 */
import * as client from "openid-client";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { brokerClientFor, pushAuthorization } from "../testing/relying-party.js";
import { REREAD_INTERVAL_MS } from "./broker-registration.js";

const pause = () => new Promise((resolve) => setTimeout(resolve, REREAD_INTERVAL_MS + 100));

async function par(world: World, idp: "nord" | "sued" | "privat") {
  const config = await brokerClientFor(world.idp(idp), world.broker);
  return pushAuthorization(config, world.broker, {});
}

const unknownClient = { error: "invalid_client" };

describe("refused registrations leave the client unknown", () => {
  test("configuration signed by a key the master does not vouch for", async ({ world }) => {
    world.broker.fault = "foreign-key";
    await expect(par(world, "nord")).rejects.toMatchObject(unknownClient);
  });

  test("expired configuration: PAR and CIBA both refuse the client", async ({ world }) => {
    world.broker.fault = "expired";
    await expect(par(world, "privat")).rejects.toMatchObject(unknownClient);
    const config = await brokerClientFor(world.idp("privat"), world.broker);
    await expect(
      client.initiateBackchannelAuthentication(config, {
        scope: "openid",
        login_hint: "X110417526",
      }),
    ).rejects.toMatchObject(unknownClient);
  });

  test("configuration about another subject", async ({ world }) => {
    world.broker.fault = "wrong-sub";
    // sued asks for mTLS; the client is refused before any authentication is looked at.
    await expect(par(world, "sued")).rejects.toMatchObject(unknownClient);
  });

  test("configuration whose authority_hints do not name the master", async ({ world }) => {
    world.broker.fault = undefined;
    const hint = world.broker.authorityHint;
    world.broker.authorityHint = undefined;
    await pause(); // nord refused the foreign key above
    await expect(par(world, "nord")).rejects.toMatchObject(unknownClient);
    world.broker.authorityHint = hint;
  });

  test("once the configuration is valid again, the broker is registered", async ({ world }) => {
    world.broker.fault = undefined;
    // A refusal stands for the interval; after it, the configuration is read anew.
    await pause();
    const login = await par(world, "nord");
    expect(login.authorizationUrl.searchParams.get("request_uri")).toMatch(/^urn:/);
  });
});
