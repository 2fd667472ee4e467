/**
 * Names the statement of each of the broker's database round trips (`pnpm bench --attribute`,
 * issue 16). The broker counts its round trips itself (lotse_broker_db_round_trips_total); this
 * proxy is a measuring instrument no deployment has, so the bench puts it on the path only for
 * `--attribute`, and then compares its count with the broker's.
 *
 * A TCP proxy in front of PostgreSQL, run as a child process of its own, that reads the
 * frontend side of the wire protocol (PostgreSQL docs, "Message Formats") and counts every
 * Sync ('S', the end of an extended-protocol query: node-postgres sends Parse/Bind/Execute/
 * Sync in one write and waits for ReadyForQuery) and every simple Query ('Q'). Each is one
 * round trip the broker waits for; BEGIN and COMMIT of a transaction count as theirs. Nothing
 * in the broker changes: only its DATABASE_URL points here.
 *
 * It attributes each round trip to its statement: the SQL of
 * the Parse message in the same Sync batch, or of the named statement a Bind refers to, or
 * the simple Query's text, whitespace collapsed. BEGIN/COMMIT of Prisma's interactive
 * transactions arrive as simple queries and are listed as such.
 *
 * Started with fork(); argv: <listen port> <database port>. Answers the message "count"
 * with { roundTrips, statements } (statements: SQL → round trips so far); says
 * { ready: true } once it listens.
 */
import net from "node:net";

const listenPort = Number(process.argv[2]);
const databasePort = Number(process.argv[3]);
let roundTrips = 0;
const statements = new Map<string, number>();

const sqlText = (raw: string) => raw.replace(/\s+/g, " ").trim().slice(0, 400);
const attribute = (sql: string) => statements.set(sql, (statements.get(sql) ?? 0) + 1);

/** The NUL-terminated string at `offset` and the offset after it. */
function cString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString("utf8", offset, end), end + 1];
}

/** Reads the client's byte stream message by message; the first message has no type byte. */
function countingReader(): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  // Prepared statements of this connection by name, and the statement of the current batch.
  const named = new Map<string, string>();
  let current: string | undefined;
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (!started) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        // An SSLRequest or GSSENCRequest (80877103, 80877104) is followed by the real startup.
        const code = pending.readInt32BE(4);
        if (code !== 80877103 && code !== 80877104) started = true;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < length + 1) return;
      const type = pending[0];
      const body = pending.subarray(5, length + 1);
      if (type === 0x50 /* P: Parse, name, query */) {
        const [name, next] = cString(body, 0);
        current = sqlText(cString(body, next)[0]);
        if (name) named.set(name, current);
      } else if (type === 0x42 /* B: Bind, portal, statement */) {
        const [, next] = cString(body, 0);
        const name = cString(body, next)[0];
        if (name) current = named.get(name) ?? current;
      } else if (type === 0x53 /* S: Sync */) {
        roundTrips += 1;
        attribute(current ?? "(sync)");
        current = undefined;
      } else if (type === 0x51 /* Q: simple query */) {
        roundTrips += 1;
        attribute(sqlText(cString(body, 0)[0]));
      }
      pending = pending.subarray(length + 1);
    }
  };
}

const server = net.createServer((client) => {
  const database = net.connect({ host: "127.0.0.1", port: databasePort });
  client.setNoDelay(true);
  database.setNoDelay(true);
  const read = countingReader();
  client.on("data", (chunk: Buffer) => {
    read(chunk);
    database.write(chunk);
  });
  database.pipe(client);
  const close = () => {
    client.destroy();
    database.destroy();
  };
  client.on("error", close).on("close", close);
  database.on("error", close).on("close", close);
});

server.listen(listenPort, "127.0.0.1", () => process.send?.({ ready: true }));
process.on("message", (message) => {
  if (message === "count")
    process.send?.({ roundTrips, statements: Object.fromEntries(statements) });
});
process.on("disconnect", () => process.exit(0));
