/**
 * The client records the broker reads on nearly every request (the client for
 * oidc-provider and the login's checks, the secrets for client authentication) and the
 * enabled insurer IDPs, kept per process (issue 16: they were three queries per lookup,
 * about 16 per brokered login).
 *
 * A change must take effect at once, in every instance: entries are only kept while the
 * database's change feed is live (`@lotse/db/change-feed`, triggers on Application,
 * ApplicationApiGrant, Api, ClientSecret and UpstreamIdp), and every notification forgets
 * them all. So a
 * change from the portal is seen by the next lookup after PostgreSQL delivered its
 * notification, milliseconds after the commit. While the feed is down, every lookup reads
 * the database, as without a cache. An entry also expires after `ttlMs` (a bound on what a
 * notification lost without the connection noticing could leave behind).
 *
 * A lookup that started before a change must not store what it read: each lookup notes the
 * generation it began in and stores only if no change arrived in the meantime. Lookups of
 * the same key at the same time share one query. Only found records are kept (a flood of
 * unknown client ids fills nothing), at most `maxEntries`, oldest out first.
 */
import type { ChangeFeed } from "@lotse/db/change-feed";

export interface ApplicationCache {
  /** Whether entries are kept (the change feed is live). */
  readonly live: boolean;
  /** The cached value of `key`, or what `load` reads (kept when it is not undefined). */
  get<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined>;
  close(): void;
}

export interface ApplicationCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  value: Promise<unknown>;
  expiresAt: number;
}

/** Reads through on every lookup: for a broker without a change feed. */
export const NO_APPLICATION_CACHE: ApplicationCache = {
  live: false,
  get: (_key, load) => load(),
  close: () => {},
};

export function createApplicationCache(
  feed: Pick<ChangeFeed, "live" | "subscribe">,
  options: ApplicationCacheOptions = {},
): ApplicationCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let generation = 0;
  const unsubscribe = feed.subscribe(() => {
    generation += 1;
    entries.clear();
  });

  return {
    get live() {
      return feed.live;
    },
    async get<T>(key: string, load: () => Promise<T | undefined>) {
      if (!feed.live) return load();
      const held = entries.get(key);
      if (held && held.expiresAt > now()) return held.value as Promise<T | undefined>;
      const started = generation;
      const value = load();
      const entry = { value, expiresAt: now() + ttlMs };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      const forget = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      try {
        const result = await value;
        // Not found, or a change arrived while reading: this read may be stale.
        if (result === undefined || generation !== started) forget();
        return result;
      } catch (error) {
        forget();
        throw error;
      }
    },
    close: () => {
      unsubscribe();
      entries.clear();
    },
  };
}
