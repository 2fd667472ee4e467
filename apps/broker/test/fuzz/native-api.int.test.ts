/**
 * Fuzzing (docs/security.md "Fuzzing") of the APIs for native apps (DESIGN.md §4): the IDP
 * list and the mobile code exchange, with any parameter, any JSON, any body and content
 * type; real pending logins are mixed in, so some exchanges reach the insurer.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe } from "vitest";
import { startFederatedWorld, type FederatedWorld } from "../support/federated-world.js";
import {
  contentType,
  either,
  jsonValue,
  octets,
  parameters,
  percentEncode,
  text,
  urlEncoded,
} from "./support/arbitraries.js";
import { send, type FuzzRequest } from "./support/http.js";
import { fuzz } from "./support/property.js";
import { expectSafeAnswer } from "./support/safe-answer.js";
import {
  APP_LINK,
  CLIENT_IDS,
  idpIssuers,
  pendingStates,
  REDIRECT_URIS,
  startNativeLogins,
} from "./support/world.js";

let world: FederatedWorld;
let states: string[];
beforeAll(async () => {
  world = await startFederatedWorld();
  await startNativeLogins(world, 4);
  states = await pendingStates(world);
});
afterAll(async () => world?.close());

describe("GET /api/v1/idps", () => {
  fuzz(
    "relyingPartyId, relayingPartyId and any other parameter",
    urlEncoded(
      parameters({ relyingPartyId: either(CLIENT_IDS), relayingPartyId: either(CLIENT_IDS) }),
    ),
    async (query) => {
      const request: FuzzRequest = { method: "GET", target: `/api/v1/idps?${query}` };
      expectSafeAnswer(request, await send(world.issuer, request));
    },
  );
});

describe("POST /oidcf/exchange/mobile", () => {
  /** A field: mostly text, sometimes any JSON value (a number, an object, null). */
  const field = (valid: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: jsonValue });

  const body = () => {
    const state = either(states);
    const deepLink = fc.oneof(
      { weight: 1, arbitrary: text },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            either([APP_LINK, ...REDIRECT_URIS]),
            urlEncoded(
              parameters({
                code: text,
                state,
                iss: either(idpIssuers(world)),
                error: either(["access_denied", "server_error", "invalid_request"]),
                error_description: text,
              }),
            ),
            fc.constantFrom("?", "#", "?&", ""),
          )
          .map(
            ([base, query, separator]) =>
              `${percentEncode(base).replace(/%3A/g, ":").replace(/%2F/g, "/")}${separator}${query}`,
          ),
      },
    );
    const withCode = fc.record(
      { clientId: field(either(CLIENT_IDS)), code: field(text), state: field(state) },
      { requiredKeys: [] },
    );
    const withLink = fc.record(
      { clientId: field(either(CLIENT_IDS)), redirectUrl: field(deepLink) },
      { requiredKeys: [] },
    );
    const json = fc
      .oneof(
        { weight: 3, arbitrary: withCode },
        { weight: 3, arbitrary: withLink },
        { weight: 1, arbitrary: fc.tuple(withCode, withLink).map(([a, b]) => ({ ...a, ...b })) },
        { weight: 1, arbitrary: jsonValue },
      )
      .map((value) => JSON.stringify(value) ?? "");
    return fc.record({
      type: contentType("application/json"),
      body: fc.oneof(
        { weight: 8, arbitrary: json },
        { weight: 1, arbitrary: text },
        { weight: 1, arbitrary: octets },
      ),
    });
  };

  fuzz(
    "{clientId, code, state}, {clientId, redirectUrl} and any JSON or body",
    body,
    async (input) => {
      const request: FuzzRequest = {
        method: "POST",
        target: "/oidcf/exchange/mobile",
        headers: input.type === undefined ? {} : { "content-type": input.type },
        body: input.body,
      };
      expectSafeAnswer(request, await send(world.issuer, request));
    },
  );
});
