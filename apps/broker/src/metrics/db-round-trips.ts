/**
 * Counts the broker's round trips to PostgreSQL (lotse_broker_db_round_trips_total, issue 16):
 * every Sync (the end of an extended-protocol query, after which node-postgres waits for
 * ReadyForQuery) and every simple Query message a connection of the broker's pool sends
 * (PostgreSQL docs, "Message Flow"). Prisma's driver adapter and the node-postgres statements
 * (oidc/payload-sql.ts) share that pool, so both count; BEGIN and COMMIT count as theirs. It
 * is what `pnpm bench`'s counting proxy (scripts/src/bench/round-trip-counter.ts) counts, but
 * without a proxy on the path, and operators can watch it (docs/operations.md).
 *
 * The hook sits on each connection's Sync and Query writers, not on `client.query`, so a
 * query counts only once it is on the wire, whichever protocol node-postgres picked for it.
 * Not counted: the change feed's own LISTEN connection (@lotse/db/change-feed), which waits for
 * nothing per request.
 */
import type { poolOf } from "@lotse/db";
import { brokerMetrics } from "./registry.js";

type Pool = NonNullable<ReturnType<typeof poolOf>>;

/** The part of node-postgres's Connection (pg/lib/connection.js) that writes the two messages. */
interface Wire {
  sync(): void;
  query(text: string): void;
}

const counted = new WeakSet<object>();

// One call per message on the hot path: a plain counter without labels.
const onRoundTrip = () => brokerMetrics.dbRoundTrips.inc();

function countWire(wire: Wire): void {
  if (counted.has(wire)) return;
  counted.add(wire);
  const sync = wire.sync.bind(wire);
  const query = wire.query.bind(wire);
  wire.sync = () => {
    onRoundTrip();
    sync();
  };
  wire.query = (text) => {
    onRoundTrip();
    query(text);
  };
}

/**
 * Counts the round trips of every connection `pool` hands out from now on, including those
 * it made before (each is hooked when it is next acquired). Calling it again for the same
 * pool or connection adds nothing.
 */
export function countDatabaseRoundTrips(pool: Pool | undefined): void {
  if (!pool || counted.has(pool)) return;
  counted.add(pool);
  pool.on("acquire", (client) => {
    const wire = (client as { connection?: Partial<Wire> }).connection;
    if (typeof wire?.sync === "function" && typeof wire.query === "function")
      countWire(wire as Wire);
  });
}
