import { describe, expect, test } from "vitest";
import { LotseAuthError, LotseProtocolError } from "./errors.js";
import {
  CLIENT_ID,
  CONFIGURATION,
  INSURER,
  ISSUER,
  REDIRECT_URI,
  fakeBroker,
  json,
} from "./testing/fake-broker.js";

const STATE = "app-state";
const link = (params: Record<string, string>, base = REDIRECT_URI) =>
  `${base}?${new URLSearchParams(params).toString()}`;

async function rejection(promise: Promise<unknown>): Promise<LotseAuthError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LotseAuthError);
  return error as LotseAuthError;
}

describe("handleRedirect", () => {
  test("a broker response (iss = broker, the app's state) is answered without a request", async () => {
    const { client, calls } = fakeBroker();
    const url = link({ code: "broker-code", state: STATE, iss: ISSUER });
    expect(await client.handleRedirect(url, { expectedState: STATE })).toEqual({
      code: "broker-code",
      state: STATE,
      iss: ISSUER,
      redirectUrl: url,
    });
    expect(calls()).toEqual([]);
  });

  test("the insurer's return goes through the exchange API first", async () => {
    const brokerUrl = link({ code: "broker-code", state: STATE, iss: ISSUER });
    const { client, calls } = fakeBroker({
      "POST /oidcf/exchange/mobile": () => json({ redirectUrl: brokerUrl }),
    });
    const deepLink = link({ code: "upstream-code", state: "broker-state", iss: INSURER });
    expect(await client.handleRedirect(new URL(deepLink), { expectedState: STATE })).toEqual({
      code: "broker-code",
      state: STATE,
      iss: ISSUER,
      redirectUrl: brokerUrl,
    });
    expect(calls()).toHaveLength(1);
    expect(JSON.parse(calls()[0]!.body!)).toEqual({ clientId: CLIENT_ID, redirectUrl: deepLink });
  });

  test("an insurer's return without iss is exchanged too; a fragment response is read", async () => {
    const { client, calls } = fakeBroker({
      "POST /oidcf/exchange/mobile": () =>
        json({ redirectUrl: `${REDIRECT_URI}#code=b&state=${STATE}&iss=${ISSUER}` }),
    });
    const result = await client.handleRedirect(`${REDIRECT_URI}?code=u&state=up`, {
      expectedState: STATE,
    });
    expect(result.code).toBe("b");
    expect(calls()).toHaveLength(1);
  });

  test("an error redirect from the broker is a LotseAuthError with the state", async () => {
    const { client } = fakeBroker();
    const error = await rejection(
      client.handleRedirect(
        link({ error: "access_denied", error_description: "cancelled", state: STATE, iss: ISSUER }),
        { expectedState: STATE },
      ),
    );
    expect(error).toMatchObject({
      code: "access_denied",
      error: "access_denied",
      errorDescription: "cancelled",
      state: STATE,
    });
  });

  test("the insurer's access_denied comes back from the exchange as an error with the app's state", async () => {
    const { client } = fakeBroker({
      "POST /oidcf/exchange/mobile": () =>
        json({
          redirectUrl: link({
            error: "access_denied",
            error_description: "The person cancelled at the insurer.",
            state: STATE,
            iss: ISSUER,
          }),
        }),
    });
    const error = await rejection(
      client.handleRedirect(link({ error: "access_denied", state: "up", iss: INSURER }), {
        expectedState: STATE,
      }),
    );
    expect(error).toMatchObject({ code: "access_denied", state: STATE });
  });

  test("another state from the broker is state_mismatch (RFC 6749 §10.12)", async () => {
    const { client } = fakeBroker();
    const error = await rejection(
      client.handleRedirect(link({ code: "c", state: "other", iss: ISSUER }), {
        expectedState: STATE,
      }),
    );
    expect(error).toMatchObject({ code: "state_mismatch", state: "other" });
    await expect(
      client.handleRedirect(link({ code: "c", iss: ISSUER }), { expectedState: STATE }),
    ).rejects.toMatchObject({ code: "state_mismatch" });
  });

  test("the exchange answering someone else's state is state_mismatch", async () => {
    const { client } = fakeBroker({
      "POST /oidcf/exchange/mobile": () =>
        json({ redirectUrl: link({ code: "b", state: "not-mine", iss: ISSUER }) }),
    });
    await expect(
      client.handleRedirect(link({ code: "u", state: "up", iss: INSURER }), {
        expectedState: STATE,
      }),
    ).rejects.toMatchObject({ code: "state_mismatch" });
  });

  test("the app's state with another or no iss is issuer_mismatch (RFC 9207 mix-up)", async () => {
    const { client, calls } = fakeBroker();
    for (const params of [
      { code: "c", state: STATE, iss: "https://evil.test" } as Record<string, string>,
      { code: "c", state: STATE, iss: `${ISSUER}/` },
      { code: "c", state: STATE },
    ])
      await expect(
        client.handleRedirect(link(params), { expectedState: STATE }),
      ).rejects.toMatchObject({ name: "LotseAuthError", code: "issuer_mismatch" });
    // Nothing was sent anywhere: a mix-up must not reach the exchange or token endpoint.
    expect(calls()).toEqual([]);
  });

  test("without iss support advertised, a response without iss is accepted", async () => {
    const { client } = fakeBroker({
      "GET /.well-known/openid-configuration": () =>
        json({ ...CONFIGURATION, authorization_response_iss_parameter_supported: false }),
    });
    const result = await client.handleRedirect(link({ code: "c", state: STATE }), {
      expectedState: STATE,
    });
    expect(result).toMatchObject({ code: "c", iss: undefined });
  });

  test("the exchange's errors and malformed answers surface typed", async () => {
    const refused = fakeBroker({
      "POST /oidcf/exchange/mobile": () =>
        json({ error: "invalid_grant", error_description: "The state is unknown" }, 400),
    });
    await expect(
      refused.client.handleRedirect(link({ code: "u", state: "up" }), { expectedState: STATE }),
    ).rejects.toMatchObject({ name: "LotseAuthError", code: "invalid_grant", status: 400 });
    const malformed = fakeBroker({
      "POST /oidcf/exchange/mobile": () => json({ redirectUrl: "not a url" }),
    });
    await expect(
      malformed.client.handleRedirect(link({ code: "u", state: "up" }), { expectedState: STATE }),
    ).rejects.toBeInstanceOf(LotseProtocolError);
    const { client } = fakeBroker();
    await expect(
      client.handleRedirect(link({ state: STATE, iss: ISSUER }), { expectedState: STATE }),
    ).rejects.toBeInstanceOf(LotseProtocolError);
    await expect(
      client.handleRedirect("/app/ce?code=x", { expectedState: STATE }),
    ).rejects.toBeInstanceOf(LotseProtocolError);
  });
});
