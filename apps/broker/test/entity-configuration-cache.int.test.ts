/**
 * The broker's entity configuration kept per process (federation/entity-configuration.ts,
 * issue 16): built once while the database's change feed is live, built again after a change
 * to an application is announced, and built for every request while the feed is down.
 */
import { randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, test } from "vitest";
import { poolOf } from "@lotse/db";
import { APPLICATION_CHANGES, listenForChanges, type ChangeFeed } from "@lotse/db/change-feed";
import { seed } from "@lotse/db/seed";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import {
  createApplicationCache,
  type ApplicationCache,
} from "../src/applications/application-cache.js";
import { createEntityConfiguration } from "../src/federation/entity-configuration.js";
import {
  ensureFederationEntityKeys,
  loadFederationEntityKeys,
} from "../src/keys/federation-entity-keys.js";
import { ensureFederationKeys } from "../src/keys/federation-keys.js";
import { parseKek } from "../src/keys/kek.js";
import { createApplication } from "./support/applications.js";

const ISSUER = "https://broker.example";
let db: TestPrisma;
let feed: ChangeFeed;
let cache: ApplicationCache;
let sign: () => Promise<string>;
/** Connections handed out by the client's pool: every query of Prisma takes one. */
let checkouts = 0;

beforeAll(async () => {
  db = await createTestPrisma();
  await seed(db.prisma);
  const kek = parseKek(randomBytes(32).toString("base64url"));
  await ensureFederationEntityKeys(db.prisma, kek);
  await ensureFederationKeys(db.prisma, kek);
  poolOf(db.prisma)!.on("acquire", () => (checkouts += 1));
  feed = listenForChanges(db.database.url, APPLICATION_CHANGES);
  cache = createApplicationCache(feed);
  sign = createEntityConfiguration({
    issuer: ISSUER,
    federationMasterUrl: "https://fedmaster.example",
    organizationName: "Lotse",
    prisma: db.prisma,
    entityKeys: await loadFederationEntityKeys(db.prisma, kek),
    cache,
  });
  await within(5000, async () => feed.live);
});
afterAll(async () => {
  cache?.close();
  await feed?.close();
  await db?.close();
});

/** Polls `check` until it holds. */
async function within(ms: number, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const redirectUris = async () => {
  const metadata = decodeJwt(await sign()).metadata as Record<string, { redirect_uris: string[] }>;
  return metadata.openid_relying_party!.redirect_uris;
};

test("while nothing changes, the document is answered without a query", async () => {
  // Announcements of the seed and the keys may still be arriving: wait for a quiet moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const first = await sign();
  const before = checkouts;
  for (let i = 0; i < 20; i++) expect(await sign()).toBe(first);
  expect(checkouts).toBe(before);
});

test("a change to an application's redirect URIs is in the document once it is announced", async () => {
  const appLink = `https://app-${randomBytes(4).toString("hex")}.example/callback`;
  const { clientId } = await createApplication(db.prisma, { type: "PUBLIC" });
  await within(1000, async () => !(await redirectUris()).includes(appLink));
  await db.prisma.application.update({ where: { clientId }, data: { redirectUris: [appLink] } });
  await within(1000, async () => (await redirectUris()).includes(appLink));
  // Kept again: the next answers are from memory.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await sign();
  const before = checkouts;
  expect(await redirectUris()).toContain(appLink);
  expect(checkouts).toBe(before);
});

/** The redirect URI the next test adds without an announcement. */
const unannounced = `https://app-${randomBytes(4).toString("hex")}.example/callback`;

test("an unannounced change is not seen: the document really is kept", async () => {
  const appLink = unannounced;
  const { clientId } = await createApplication(db.prisma, { type: "PUBLIC" });
  await within(1000, async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return !(await redirectUris()).includes(appLink);
  });
  // SQL here because switching the trigger off is what this test is about, not a seed step.
  await db.prisma.$executeRawUnsafe(
    `alter table "Application" disable trigger "Application_notify_change"`,
  );
  try {
    await db.prisma.application.update({ where: { clientId }, data: { redirectUris: [appLink] } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await redirectUris()).not.toContain(appLink);
  } finally {
    await db.prisma.$executeRawUnsafe(
      `alter table "Application" enable trigger "Application_notify_change"`,
    );
  }
});

test("while the change feed is down, every request reads the database", async () => {
  await feed.close();
  expect(cache.live).toBe(false);
  const before = checkouts;
  await sign();
  const once = checkouts - before;
  expect(once).toBeGreaterThan(0);
  await sign();
  expect(checkouts - before).toBe(2 * once);
  // And so sees even what nobody announced (the previous test's change).
  expect(await redirectUris()).toContain(unannounced);
});
