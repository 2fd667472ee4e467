/**
 * Two broker instances on one database, under concurrency (issue 16 "Done when"): what the
 * performance work changed (audit appends without a lock, rate limits counted per process and
 * added in batches, client records cached per process) keeps the guarantees that do not
 * depend on one process: logins in parallel on both instances leave a chain that verifies
 * with every login's events in it; a refresh token presented to both at once is redeemed
 * exactly once; a rate limit holds across both.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyAuditChain } from "@lotse/db/audit";
import { DEMO_MOBILE } from "@lotse/db/seed";
import { person } from "./support/identities.js";
import { login, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

const LOGINS_PER_INSTANCE = 8;

let first: TestBroker;
let second: TestBroker;
beforeAll(async () => {
  first = await startTestBroker({ applicationCache: true });
  second = await startTestBroker({ applicationCache: true, sameDatabaseAs: first });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

const mobileLogin = async (broker: TestBroker) =>
  login(broker, await relyingParty(broker, DEMO_MOBILE.clientId, "none"), {
    redirectUri: DEMO_MOBILE.redirectUris[0],
    scope: "openid offline_access",
    login: person(),
  });

describe("two instances on one database", () => {
  test(`${2 * LOGINS_PER_INSTANCE} logins at once on both: the chain verifies, every login's events are in it`, async () => {
    const before = await first.prisma.auditEvent.count();
    const logins = await Promise.all(
      Array.from({ length: 2 * LOGINS_PER_INSTANCE }, (_, i) =>
        mobileLogin(i % 2 ? second : first),
      ),
    );
    expect(logins.every(({ tokens }) => tokens.access_token)).toBe(true);

    // Every answered token request's event is stored before the answer (provider-events.ts).
    const events = await first.prisma.auditEvent.findMany({
      where: { clientId: DEMO_MOBILE.clientId },
      orderBy: { seq: "asc" },
    });
    const issued = events.filter((event) => event.type === "token.issued");
    const codes = events.filter((event) => event.type === "code.issued");
    expect(issued).toHaveLength(2 * LOGINS_PER_INSTANCE);
    expect(codes).toHaveLength(2 * LOGINS_PER_INSTANCE);
    // Each login's code and token events, one per grant.
    expect(new Set(issued.map((event) => event.grantId)).size).toBe(2 * LOGINS_PER_INSTANCE);

    const report = await verifyAuditChain(first.prisma);
    expect(report).toMatchObject({ ok: true });
    expect(report.checked).toBe(await first.prisma.auditEvent.count());
    expect(report.checked).toBeGreaterThanOrEqual(before + 4 * LOGINS_PER_INSTANCE);
  });

  test("a refresh token presented to both instances at once is redeemed exactly once", async () => {
    const { tokens } = await mobileLogin(first);
    const body = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token!,
      client_id: DEMO_MOBILE.clientId,
    }).toString();
    // Connections first, so that no racer waits for a handshake.
    await Promise.all(
      [first, second, first, second].map(async (broker) =>
        (await fetch(`${broker.issuer}/.well-known/openid-configuration`)).arrayBuffer(),
      ),
    );
    const answers = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const broker = i % 2 ? second : first;
        const response = await fetch(`${broker.issuer}/connect/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        return { status: response.status, body: (await response.json()) as { error?: string } };
      }),
    );
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.status !== 200))
      expect(loser).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // Reuse detected: the rotated token the winner got is revoked with its grant.
    const mobile = await relyingParty(first, DEMO_MOBILE.clientId, "none");
    const winner = winners[0]!.body as { refresh_token?: string };
    await expect(client.refreshTokenGrant(mobile, winner.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
    });
    expect((await verifyAuditChain(first.prisma)).ok).toBe(true);
  });
});

describe("a rate limit across two instances", () => {
  let a: TestBroker;
  let b: TestBroker;
  beforeAll(async () => {
    a = await startTestBroker({ rateLimit: { perIp: 10, perClient: 100_000 } });
    b = await startTestBroker({ rateLimit: { perIp: 10, perClient: 100_000 }, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const tokenRequest = (broker: TestBroker) =>
    fetch(`${broker.issuer}/connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=authorization_code&code=nope&client_id=${DEMO_MOBILE.clientId}&redirect_uri=x`,
    }).then((response) => response.status);

  test("one after the other, alternating: exactly the limit passes", async () => {
    const statuses = [];
    for (let i = 0; i < 16; i += 1) statuses.push(await tokenRequest(i % 2 ? b : a));
    expect(statuses.filter((status) => status !== 429)).toHaveLength(10);
    expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
  });

  test("all at once on both: exactly the limit passes", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        fetch(`${(i % 2 ? b : a).issuer}/connect/par`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `client_id=${DEMO_MOBILE.clientId}&response_type=code`,
        }).then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status !== 429)).toHaveLength(10);
  });
});

describe("a rate limit far above single requests, across two instances", () => {
  const LIMIT = 80;
  let a: TestBroker;
  let b: TestBroker;
  beforeAll(async () => {
    a = await startTestBroker({ rateLimit: { perIp: LIMIT, perClient: 100_000 } });
    b = await startTestBroker({
      rateLimit: { perIp: LIMIT, perClient: 100_000 },
      sameDatabaseAs: a,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  test("numbers taken in leases: never more than the limit passes, and not much less", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 2 * LIMIT }, (_, i) =>
        fetch(`${(i % 2 ? b : a).issuer}/connect/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `grant_type=authorization_code&code=nope&client_id=${DEMO_MOBILE.clientId}&redirect_uri=x`,
        }).then((response) => response.status),
      ),
    );
    const passed = statuses.filter((status) => status !== 429).length;
    expect(passed).toBeLessThanOrEqual(LIMIT);
    // What the instances leased and had not used when the requests ran out.
    expect(passed).toBeGreaterThanOrEqual(LIMIT - 2 * (LIMIT / 8));
    // Leases: far fewer round trips than requests took the shared count.
    const bucket = await a.prisma.rateLimitBucket.findFirstOrThrow({
      where: { key: { startsWith: "token:ip:" } },
    });
    expect(bucket.count).toBeGreaterThanOrEqual(LIMIT);
  });
});
