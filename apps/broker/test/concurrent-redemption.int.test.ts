/**
 * One code or refresh token redeemed by several token requests at the same instant: exactly
 * one gets tokens, every other one is `invalid_grant`, and — as for a redemption that comes
 * later — the grant is revoked, so the winner's tokens die too. A code is single-use
 * (RFC 6749 §4.1.2); a rotated refresh token presented twice is reuse (RFC 9700 §4.14.2).
 *
 * The race is made as tight as a test can make it: everything a request needs is prepared
 * first, then all requests leave in one tick, each on its own connection.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE } from "@lotse/db/seed";
import { person } from "./support/identities.js";
import { oauthError } from "./support/oauth-errors.js";
import { authorize, login, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

const RACERS = 8;

let broker: TestBroker;
let mobile: client.Configuration;

beforeAll(async () => {
  broker = await startTestBroker();
  mobile = await relyingParty(broker, DEMO_MOBILE.clientId, "none");
});
afterAll(async () => broker?.close());

interface Answer {
  status: number;
  body: { error?: string; access_token?: string; refresh_token?: string };
}

/** Sends the same token request RACERS times at once, as raw HTTP (no client-side work in between). */
async function race(body: URLSearchParams) {
  const endpoint = `${broker.issuer}/connect/token`;
  const init = {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  };
  // Open the connections first, so that none of the racers waits for a handshake.
  await Promise.all(
    Array.from({ length: RACERS }, async () => {
      await (await fetch(`${broker.issuer}/.well-known/openid-configuration`)).arrayBuffer();
    }),
  );
  const answers: Answer[] = await Promise.all(
    Array.from({ length: RACERS }, async () => {
      const response = await fetch(endpoint, init);
      return { status: response.status, body: (await response.json()) as Answer["body"] };
    }),
  );
  return {
    winners: answers.filter((answer) => answer.status === 200),
    losers: answers.filter((answer) => answer.status !== 200),
  };
}

describe("concurrent redemptions of one authorization code (RFC 6749 §4.1.2)", () => {
  test(`${RACERS} token requests with one code: one gets tokens, the rest invalid_grant`, async () => {
    // A public client: no secret to check, so the requests reach the code at the same time.
    const { callback, checks } = await authorize(broker, mobile, {
      redirectUri: DEMO_MOBILE.redirectUris[0],
      scope: "openid offline_access",
      login: person(),
    });
    const { winners, losers } = await race(
      new URLSearchParams({
        grant_type: "authorization_code",
        code: callback.searchParams.get("code")!,
        redirect_uri: DEMO_MOBILE.redirectUris[0],
        code_verifier: checks.pkceCodeVerifier,
        client_id: DEMO_MOBILE.clientId,
      }),
    );

    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(RACERS - 1);
    for (const loser of losers)
      expect(loser).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    // A code presented twice revokes what it issued, whichever request came first.
    const [winner] = winners;
    expect(
      await oauthError(
        client.fetchUserInfo(mobile, winner!.body.access_token!, client.skipSubjectCheck),
      ),
    ).toMatchObject({ error: "invalid_token", status: 401 });
    expect(
      await oauthError(client.refreshTokenGrant(mobile, winner!.body.refresh_token!)),
    ).toMatchObject({ error: "invalid_grant" });
  });
});

describe("concurrent redemptions of one refresh token (rotation, RFC 9700 §4.14.2)", () => {
  test(`${RACERS} refresh requests with one token: one gets tokens, the rest invalid_grant`, async () => {
    const { tokens } = await login(broker, mobile, {
      redirectUri: DEMO_MOBILE.redirectUris[0],
      scope: "openid offline_access",
      login: person(),
    });
    const { winners, losers } = await race(
      new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token!,
        client_id: DEMO_MOBILE.clientId,
      }),
    );

    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(RACERS - 1);
    for (const loser of losers)
      expect(loser).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    // The old token was presented more than once: reuse, so the rotated one is dead as well.
    const [winner] = winners;
    expect(
      await oauthError(client.refreshTokenGrant(mobile, winner!.body.refresh_token!)),
    ).toMatchObject({ error: "invalid_grant" });
  });
});
