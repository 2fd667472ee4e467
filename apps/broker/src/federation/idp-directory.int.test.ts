/**
 * The enabled insurer IDPs kept per process (idp-directory.ts over the application cache,
 * issue 16), against a real PostgreSQL and its change feed: a lookup is answered from memory
 * until the UpstreamIdp trigger announces a change (migration `upstream_idp_change_notify`),
 * then the change is seen within milliseconds; while the LISTEN connection is down nothing
 * is kept and every lookup reads the table.
 */
import { APPLICATION_CHANGES, listenForChanges, type ChangeFeed } from "@lotse/db/change-feed";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import { createLogger } from "@lotse/server";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  createApplicationCache,
  type ApplicationCache,
} from "../applications/application-cache.js";
import type { FederationMaster, InsurerTrustChain } from "./federation-master.js";
import { createIdpDirectory, type IdpDirectory } from "./idp-directory.js";

const NORD = "https://idp.example/nord";

let db: TestPrisma;
let feed: ChangeFeed;
let cache: ApplicationCache;
let directory: IdpDirectory;

/** A master that lists every registered IDP and verifies every chain. */
const federation: FederationMaster = {
  entityId: "https://fedmaster.example",
  listIdps: async () => {
    throw new Error("master unavailable: the registered IDPs stand in");
  },
  trustChain: async (issuer) => ({ issuer }) as InsurerTrustChain,
};

/** Polls `check` until it holds; returns how long that took. */
async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - start;
}

const offered = async () => (await directory.forApplication([])).map((idp) => idp.organizationName);

/** Changes the IDP with its trigger off: a change nobody hears of. */
async function unannounced(displayName: string): Promise<void> {
  // SQL because switching a trigger off is what this test is about, not a seed step.
  await db.prisma.$executeRawUnsafe(
    `alter table "UpstreamIdp" disable trigger "UpstreamIdp_notify_change"`,
  );
  try {
    await db.prisma.upstreamIdp.update({ where: { issuer: NORD }, data: { displayName } });
  } finally {
    await db.prisma.$executeRawUnsafe(
      `alter table "UpstreamIdp" enable trigger "UpstreamIdp_notify_change"`,
    );
  }
}

beforeAll(async () => {
  db = await createTestPrisma();
  await db.prisma.upstreamIdp.create({ data: { issuer: NORD, displayName: "Nord" } });
  feed = listenForChanges(db.database.url, APPLICATION_CHANGES);
  cache = createApplicationCache(feed);
  directory = createIdpDirectory({
    prisma: db.prisma,
    federation,
    logger: createLogger("idp-directory-int-test", { level: "silent" }),
    cache,
  });
  await within(5000, () => feed.live);
});
afterAll(async () => {
  cache?.close();
  await feed?.close();
  await db?.close();
});

test("the enabled IDPs are read once until the database announces a change to them", async () => {
  expect(await offered()).toEqual(["Nord"]);
  await unannounced("unannounced");
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Not seen: the list came from memory.
  expect(await offered()).toEqual(["Nord"]);

  await db.prisma.upstreamIdp.update({ where: { issuer: NORD }, data: { enabled: false } });
  const took = await within(1000, async () => (await offered()).length === 0);
  expect(took).toBeLessThan(1000);
  expect(await directory.lookup(NORD, [])).toEqual({ ok: false, reason: "not_available" });

  await db.prisma.upstreamIdp.update({
    where: { issuer: NORD },
    data: { enabled: true, displayName: "Nord" },
  });
  await within(1000, async () => (await offered()).length === 1);
});

test("while the change feed's connection is down nothing is kept: every lookup reads the table", async () => {
  await within(5000, () => feed.live);
  expect(await offered()).toEqual(["Nord"]);
  // The server ends the LISTEN connection, as a restart or a network cut would.
  await db.prisma.$executeRawUnsafe(
    `select pg_terminate_backend(pid) from pg_stat_activity
     where datname = current_database() and query like 'LISTEN%'`,
  );
  await within(2000, () => !feed.live);
  // Unheard, yet seen at once: the cache reads through while the feed is down.
  await unannounced("seen while down");
  expect(await offered()).toEqual(["seen while down"]);
  // Back (it reconnects after a second): cached again, and announced changes still seen.
  await within(5000, () => feed.live);
  expect(await offered()).toEqual(["seen while down"]);
  await unannounced("Nord");
  expect(await offered()).toEqual(["seen while down"]);
  await db.prisma.upstreamIdp.update({ where: { issuer: NORD }, data: { logoUri: null } });
  await within(1000, async () => (await offered())[0] === "Nord");
});
