/**
 * Fuzzing (docs/security.md "Fuzzing") of the pages of a browser login (DESIGN.md §4): the
 * chooser and the person's choice (GET/POST /connect/interaction/:uid), and the insurer's
 * return (/oidcf/signin, /connect/interaction/:uid/signin). Real interactions, their
 * cookies and pending upstream logins are mixed in, so some requests reach the insurer.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe } from "vitest";
import { startFederatedWorld, type FederatedWorld } from "../support/federated-world.js";
import {
  contentType,
  either,
  headerValue,
  parameters,
  percentEncode,
  text,
  urlEncoded,
} from "./support/arbitraries.js";
import { send, type FuzzRequest } from "./support/http.js";
import { fuzz } from "./support/property.js";
import { expectSafeAnswer } from "./support/safe-answer.js";
import {
  idpIssuers,
  pendingStates,
  startInteraction,
  type PendingInteraction,
} from "./support/world.js";

let world: FederatedWorld;
let interactions: PendingInteraction[];
let states: string[];
beforeAll(async () => {
  world = await startFederatedWorld();
  interactions = [];
  for (let i = 0; i < 3; i += 1) interactions.push(await startInteraction(world));
  // Logins sent on to the insurer: each leaves a pending upstream flow (its state).
  for (let i = 0; i < 3; i += 1)
    interactions.push(await startInteraction(world, { provider: world.idp("nord") }));
  for (const { uid, cookie } of interactions.slice(3))
    await send(world.issuer, {
      method: "GET",
      target: `/connect/interaction/${uid}`,
      headers: { cookie },
    });
  states = await pendingStates(world);
});
afterAll(async () => world?.close());

const PAGE = { page: true };

/** A uid: one of a real interaction, or any text; and the cookies of a browser or none. */
const uidAndCookie = () =>
  fc.record({
    uid: either(interactions.map((i) => i.uid)).map(percentEncode),
    cookie: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...interactions.map((i) => i.cookie)),
      text.map(headerValue),
    ),
  });

function withCookie(cookie: string | undefined): Record<string, string> {
  return cookie === undefined ? {} : { cookie };
}

describe("GET and POST /connect/interaction/:uid", () => {
  fuzz(
    "GET: any uid, cookie and query",
    () => fc.tuple(uidAndCookie(), urlEncoded(parameters({ q: text }))),
    async ([{ uid, cookie }, query]) => {
      const request: FuzzRequest = {
        method: "GET",
        target: `/connect/interaction/${uid}?${query}`,
        headers: withCookie(cookie),
      };
      expectSafeAnswer(request, await send(world.issuer, request), PAGE);
    },
  );

  fuzz(
    "POST: a fresh interaction each time, any choice, form and content type",
    () =>
      fc.record({
        realUid: fc.boolean(),
        other: uidAndCookie(),
        form: urlEncoded(
          parameters({ idp: either(idpIssuers(world)), cancel: either(["1", "true"]), q: text }),
        ),
        type: contentType("application/x-www-form-urlencoded"),
      }),
    async (input) => {
      const fresh = await startInteraction(world);
      const uid = input.realUid ? fresh.uid : input.other.uid;
      const headers: Record<string, string> = input.realUid
        ? { cookie: fresh.cookie }
        : withCookie(input.other.cookie);
      if (input.type !== undefined) headers["content-type"] = input.type;
      const request: FuzzRequest = {
        method: "POST",
        target: `/connect/interaction/${uid}`,
        headers,
        body: input.form,
      };
      expectSafeAnswer(request, await send(world.issuer, request), PAGE);
    },
  );
});

describe("the insurer's return", () => {
  const callbackQuery = () =>
    urlEncoded(
      parameters({
        state: either(states),
        code: text,
        iss: either(idpIssuers(world)),
        error: either(["access_denied", "server_error", "invalid_request"]),
        error_description: text,
        session_state: text,
      }),
    );

  fuzz("GET /oidcf/signin: any state, code, error and iss", callbackQuery, async (query) => {
    const request: FuzzRequest = { method: "GET", target: `/oidcf/signin?${query}` };
    expectSafeAnswer(request, await send(world.issuer, request), PAGE);
  });

  fuzz(
    "GET /connect/interaction/:uid/signin: any uid, cookie and answer",
    () => fc.tuple(uidAndCookie(), callbackQuery()),
    async ([{ uid, cookie }, query]) => {
      const request: FuzzRequest = {
        method: "GET",
        target: `/connect/interaction/${uid}/signin?${query}`,
        headers: withCookie(cookie),
      };
      expectSafeAnswer(request, await send(world.issuer, request), PAGE);
    },
  );
});
