import { describe, expect, test } from "vitest";
import { LotseAuthError, LotseNetworkError, LotseProtocolError } from "./errors.js";
import { CLIENT_ID, INSURER, ISSUER, fakeBroker, json } from "./testing/fake-broker.js";

const IDP = { issuer: INSURER, organizationName: "Kasse", logoUri: null, pkv: false };

describe("listIdps", () => {
  test("GET /api/v1/idps?relyingPartyId=<client id>, the four fields only", async () => {
    const { client, calls } = fakeBroker({
      "GET /api/v1/idps": () =>
        json([
          { ...IDP, extra: 1 },
          { ...IDP, logoUri: "https://l/x.svg" },
        ]),
    });
    expect(await client.listIdps()).toEqual([IDP, { ...IDP, logoUri: "https://l/x.svg" }]);
    expect(calls().map((call) => call.url.href)).toEqual([
      `${ISSUER}/api/v1/idps?relyingPartyId=${CLIENT_ID}`,
    ]);
  });

  test("404 invalid_client is an auth error; a malformed list a protocol error", async () => {
    const unknown = fakeBroker({
      "GET /api/v1/idps": () => json({ error: "invalid_client", error_description: "?" }, 404),
    });
    await expect(unknown.client.listIdps()).rejects.toMatchObject({
      name: "LotseAuthError",
      code: "invalid_client",
      status: 404,
    });
    for (const body of [{}, [{ ...IDP, pkv: "no" }], [{ issuer: INSURER }]]) {
      const { client } = fakeBroker({ "GET /api/v1/idps": () => json(body) });
      await expect(client.listIdps()).rejects.toBeInstanceOf(LotseProtocolError);
    }
  });

  test("a non-JSON error page is an http_error; a non-JSON 200 a protocol error", async () => {
    const proxy = fakeBroker({
      "GET /api/v1/idps": () => new Response("<h1>Bad gateway</h1>", { status: 502 }),
    });
    const error = await proxy.client.listIdps().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LotseNetworkError);
    expect(error).toMatchObject({ code: "http_error", status: 502 });
    const html = fakeBroker({ "GET /api/v1/idps": () => new Response("<html>") });
    await expect(html.client.listIdps()).rejects.toMatchObject({ code: "invalid_response" });
  });
});

describe("exchange", () => {
  test("POSTs JSON {clientId, code, state} or {clientId, redirectUrl}", async () => {
    const answer = { redirectUrl: "https://app/cb?code=b&state=s&iss=x" };
    const { client, calls } = fakeBroker({ "POST /oidcf/exchange/mobile": () => json(answer) });
    expect(await client.exchange({ code: "c", state: "s" })).toEqual(answer);
    expect(await client.exchange({ redirectUrl: "https://app/cb?code=c&state=s" })).toEqual(answer);
    const [first, second] = calls();
    expect(first?.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(first!.body!)).toEqual({ clientId: CLIENT_ID, code: "c", state: "s" });
    expect(JSON.parse(second!.body!)).toEqual({
      clientId: CLIENT_ID,
      redirectUrl: "https://app/cb?code=c&state=s",
    });
  });

  test("400 invalid_grant is a LotseAuthError", async () => {
    const { client } = fakeBroker({
      "POST /oidcf/exchange/mobile": () =>
        json({ error: "invalid_grant", error_description: "The state is unknown" }, 400),
    });
    const error = await client.exchange({ code: "c", state: "s" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LotseAuthError);
    expect(error).toMatchObject({
      code: "invalid_grant",
      errorDescription: "The state is unknown",
    });
  });
});
