/**
 * Client records cached per process (applications/application-cache.ts, issue 16): kept
 * while the database's change feed is live, forgotten when it announces a change, so a
 * change made in the portal (here: straight in the database, as the portal writes it) takes
 * effect in milliseconds, for the client oidc-provider sees and for client authentication.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { verifyApplicationSecret } from "../src/applications/verify-client-secret.js";
import { applicationOf } from "../src/login/begin-upstream.js";
import { createApplication, TEST_REDIRECT } from "./support/applications.js";
import { person } from "./support/identities.js";
import { oauthError } from "./support/oauth-errors.js";
import { authorize, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ applicationCache: true });
  await within(5000, async () => broker.oidc.applications.live);
});
afterAll(async () => broker?.close());

/** Polls `check` until it holds; returns how long that took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return Date.now() - start;
}

const nameOf = async (clientId: string) =>
  (await broker.provider.Client.find(clientId))?.metadata().client_name;

test("a lookup is answered from the cache until the database announces a change", async () => {
  const app = await createApplication(broker.prisma);
  // The creation's own announcements arrive a moment later and would empty the cache again.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await nameOf(app.clientId)).toBe(app.clientId);
  // A change the feed does not hear (its trigger off) is not seen: the record is cached.
  // SQL here because switching a trigger off is what this test is about, not a seed step.
  await broker.prisma.$executeRawUnsafe(
    `alter table "Application" disable trigger "Application_notify_change"`,
  );
  try {
    await broker.prisma.application.update({
      where: { clientId: app.clientId },
      data: { name: "unannounced" },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await nameOf(app.clientId)).toBe(app.clientId);
  } finally {
    await broker.prisma.$executeRawUnsafe(
      `alter table "Application" enable trigger "Application_notify_change"`,
    );
  }
  await broker.prisma.application.update({
    where: { clientId: app.clientId },
    data: { name: "announced" },
  });
  const took = await within(1000, async () => (await nameOf(app.clientId)) === "announced");
  expect(took).toBeLessThan(1000);
});

test("an application disabled in the middle of a login can no longer redeem its code", async () => {
  const app = await createApplication(broker.prisma);
  const rp = await relyingParty(broker, app.clientId, { secret: app.secret });
  // Warm: a full login through the cache.
  const first = await authorize(broker, rp, { redirectUri: TEST_REDIRECT, login: person() });
  expect((await client.authorizationCodeGrant(rp, first.callback, first.checks)).access_token);
  const { callback, checks } = await authorize(broker, rp, {
    redirectUri: TEST_REDIRECT,
    login: person(),
  });
  await broker.prisma.application.update({
    where: { clientId: app.clientId },
    data: { enabled: false },
  });
  await within(1000, async () => (await broker.provider.Client.find(app.clientId)) === undefined);
  expect(await oauthError(client.authorizationCodeGrant(rp, callback, checks))).toMatchObject({
    error: "invalid_client",
  });
});

test("a revoked secret stops authenticating as soon as the change is announced", async () => {
  const app = await createApplication(broker.prisma);
  const verify = () =>
    verifyApplicationSecret(
      broker.prisma,
      app.clientId,
      app.secret,
      new Date(),
      broker.oidc.applications,
    );
  expect(await verify()).toBe(true);
  await broker.prisma.clientSecret.updateMany({
    where: { application: { clientId: app.clientId } },
    data: { revokedAt: new Date() },
  });
  await within(1000, async () => !(await verify()));
  // Recording a secret's use is not a change: it announces nothing, the cache stays.
  const [secret] = await broker.prisma.clientSecret.findMany({
    where: { application: { clientId: app.clientId } },
  });
  expect(secret?.lastUsedAt).toBeInstanceOf(Date);
});

test("the login's own read of the application (allowed scopes and IDPs) shares the cache", async () => {
  const app = await createApplication(broker.prisma);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const deps = { prisma: broker.prisma, applications: broker.oidc.applications };
  const params = { client_id: app.clientId, scope: "openid profile" };
  expect((await applicationOf(deps, params))?.application.allowedIdps).toEqual([]);
  // Read by oidc-provider's client lookup, found by the login: one entry for both.
  await nameOf(app.clientId);
  await broker.prisma.$executeRawUnsafe(
    `alter table "Application" disable trigger "Application_notify_change"`,
  );
  try {
    await broker.prisma.application.update({
      where: { clientId: app.clientId },
      data: { allowedIdps: ["https://unannounced.example"] },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await applicationOf(deps, params))?.application.allowedIdps).toEqual([]);
  } finally {
    await broker.prisma.$executeRawUnsafe(
      `alter table "Application" enable trigger "Application_notify_change"`,
    );
  }
  await broker.prisma.application.update({
    where: { clientId: app.clientId },
    data: { allowedIdps: ["https://announced.example"] },
  });
  await within(
    1000,
    async () =>
      (await applicationOf(deps, params))?.application.allowedIdps[0] ===
      "https://announced.example",
  );
  expect(await applicationOf(deps, { client_id: "no-such-client" })).toBeUndefined();
});
