/**
 * Change notifications from PostgreSQL (LISTEN/NOTIFY), for caches of rows that change
 * rarely but are read on every request (issue 16: the broker's client lookups). Triggers of
 * the migration `application_change_notify` send a notification on the channel
 * APPLICATION_CHANGES whenever a statement changes an application, its API grants, an API
 * or a client secret (not its `lastUsedAt`), and (migration `upstream_idp_change_notify`)
 * an insurer IDP, from the portal or anywhere else. PostgreSQL
 * delivers a notification when the changing transaction commits, to every listening
 * connection, so every broker instance hears every change within milliseconds.
 *
 * A cache may only hold entries while the feed is `live`: while the listening connection is
 * down, a change would go unheard. On every drop the listeners are told (so they forget
 * everything), and the feed reconnects after a second; it is live again once LISTEN
 * succeeded, and tells the listeners once more.
 */
import pg from "pg";
import { parseDatabaseUrl } from "./database-url.js";

/**
 * The channel of the application and IDP triggers (prisma/migrations/*_application_change_notify,
 * *_upstream_idp_change_notify).
 */
export const APPLICATION_CHANGES = "lotse_application_changes";

export interface ChangeFeed {
  /** Whether changes are being heard right now. */
  readonly live: boolean;
  /** Called on every change and whenever the feed drops or comes back. */
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

const RECONNECT_MS = 1000;

export function listenForChanges(
  databaseUrl: string,
  channel: string,
  onError: (error: Error) => void = () => {},
): ChangeFeed {
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const listener of listeners) listener();
  };
  let live = false;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const drop = (error?: Error) => {
    if (error) onError(error);
    const wasLive = live;
    live = false;
    client?.removeAllListeners();
    client?.on("error", () => {});
    void client?.end().catch(() => {});
    client = undefined;
    if (wasLive) tell();
    if (!closed && !retry) retry = setTimeout(connect, RECONNECT_MS).unref();
  };

  async function connect(): Promise<void> {
    retry = undefined;
    if (closed) return;
    // keepAlive: a connection that died silently is noticed by TCP, not only on the next write.
    const next = new pg.Client({
      connectionString: parseDatabaseUrl(databaseUrl),
      keepAlive: true,
    });
    client = next;
    next.on("notification", (message) => {
      if (message.channel === channel) tell();
    });
    next.on("error", (error) => drop(error));
    next.on("end", () => {
      if (client === next) drop(new Error("the change feed's connection ended"));
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
      if (client !== next || closed) return;
      live = true;
      tell();
    } catch (error) {
      if (client === next) drop(error as Error);
    }
  }

  void connect();
  return {
    get live() {
      return live;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      live = false;
      const last = client;
      client = undefined;
      last?.removeAllListeners();
      last?.on("error", () => {});
      await last?.end().catch(() => {});
    },
  };
}
