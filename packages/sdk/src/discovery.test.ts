import { describe, expect, test } from "vitest";
import { discover } from "./discovery.js";
import { LotseNetworkError, LotseProtocolError } from "./errors.js";
import { CONFIGURATION, ISSUER, fakeBroker, json } from "./testing/fake-broker.js";

describe("discovery", () => {
  test("fetches <issuer>/.well-known/openid-configuration once per client", async () => {
    const { client, requests } = fakeBroker();
    const [a, b] = await Promise.all([client.discover(), client.discover()]);
    expect(a).toMatchObject(CONFIGURATION);
    expect(b).toBe(a);
    await client.logoutUrl();
    expect(requests.map((r) => r.url.href)).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
  });

  test("an issuer that differs from the one asked for is refused (Discovery §4.3)", async () => {
    for (const issuer of [`${ISSUER}/`, "https://evil.test", "HTTPS://lotse.test"]) {
      const { client } = fakeBroker({
        "GET /.well-known/openid-configuration": () => json({ ...CONFIGURATION, issuer }),
      });
      await expect(client.discover()).rejects.toMatchObject({
        name: "LotseProtocolError",
        code: "discovery_mismatch",
      });
    }
  });

  test("missing or malformed endpoints are protocol errors", async () => {
    const { token_endpoint: _, ...withoutToken } = CONFIGURATION;
    for (const body of [withoutToken, { ...CONFIGURATION, revocation_endpoint: 3 }, [], "x"]) {
      const fetch = () => Promise.resolve(json(body));
      await expect(discover(ISSUER, { fetch })).rejects.toBeInstanceOf(LotseProtocolError);
    }
  });

  test("a failed discovery is tried again on the next call", async () => {
    let attempts = 0;
    const { client } = fakeBroker({
      "GET /.well-known/openid-configuration": () => {
        attempts += 1;
        if (attempts === 1) throw new TypeError("fetch failed");
        return json(CONFIGURATION);
      },
    });
    await expect(client.discover()).rejects.toBeInstanceOf(LotseNetworkError);
    await expect(client.discover()).resolves.toMatchObject({ issuer: ISSUER });
  });

  test("an issuer with a path keeps it", async () => {
    const urls: string[] = [];
    const fetch = (url: string) => {
      urls.push(url);
      return Promise.resolve(json({ ...CONFIGURATION, issuer: "https://x.test/tenant" }));
    };
    await discover("https://x.test/tenant", { fetch });
    expect(urls).toEqual(["https://x.test/tenant/.well-known/openid-configuration"]);
  });
});
