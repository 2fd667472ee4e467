import { expect, test } from "vitest";
import { createApplicationCache } from "./application-cache.js";

function fakeFeed() {
  const listeners = new Set<() => void>();
  return {
    live: true,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce: () => listeners.forEach((listener) => listener()),
  };
}

test("a found record is read once, until a change is announced", async () => {
  const feed = fakeFeed();
  const cache = createApplicationCache(feed);
  let reads = 0;
  const load = async () => ({ read: ++reads });
  expect(await cache.get("a", load)).toEqual({ read: 1 });
  expect(await cache.get("a", load)).toEqual({ read: 1 });
  feed.announce();
  expect(await cache.get("a", load)).toEqual({ read: 2 });
});

test("what a read found before a change is announced during it is not kept", async () => {
  const feed = fakeFeed();
  const cache = createApplicationCache(feed);
  let release!: () => void;
  const slow = cache.get(
    "a",
    () => new Promise<string>((resolve) => (release = () => resolve("old"))),
  );
  feed.announce();
  release();
  expect(await slow).toBe("old");
  expect(await cache.get("a", async () => "new")).toBe("new");
});

test("nothing is kept while the feed is down, nor records that were not found, nor past the TTL", async () => {
  const feed = fakeFeed();
  let now = 0;
  const cache = createApplicationCache(feed, { ttlMs: 1000, now: () => now });
  let reads = 0;
  feed.live = false;
  await cache.get("a", async () => ++reads);
  await cache.get("a", async () => ++reads);
  expect(reads).toBe(2);
  feed.live = true;
  await cache.get("missing", async () => undefined);
  expect(await cache.get("missing", async () => "created")).toBe("created");
  await cache.get("b", async () => ++reads);
  now = 999;
  expect(await cache.get("b", async () => ++reads)).toBe(3);
  now = 1001;
  expect(await cache.get("b", async () => ++reads)).toBe(4);
});

test("concurrent lookups of one key share one read; the oldest entry goes first when full", async () => {
  const cache = createApplicationCache(fakeFeed(), { maxEntries: 2 });
  let reads = 0;
  const load = async () => ++reads;
  expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
  await cache.get("b", load);
  await cache.get("c", load);
  expect(await cache.get("a", load)).toBe(4);
});
