/**
 * Counts the broker's database round trips (issue 16): a TCP proxy in front of PostgreSQL,
 * run as a child process of its own, that reads the frontend side of the wire protocol
 * (PostgreSQL docs, "Message Formats") and counts every Sync ('S', the end of an extended-
 * protocol query: node-postgres sends Parse/Bind/Execute/Sync in one write and waits for
 * ReadyForQuery) and every simple Query ('Q'). Each is one round trip the broker waits for;
 * BEGIN and COMMIT of a transaction count as theirs. Nothing in the broker changes: only
 * its DATABASE_URL points here.
 *
 * Started with fork(); argv: <listen port> <database port>. Answers the message "count"
 * with { roundTrips }; says { ready: true } once it listens.
 */
import net from "node:net";

const listenPort = Number(process.argv[2]);
const databasePort = Number(process.argv[3]);
let roundTrips = 0;

/** Reads the client's byte stream message by message; the first message has no type byte. */
function countingReader(): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
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
      if (type === 0x53 /* S */ || type === 0x51 /* Q */) roundTrips += 1;
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
  if (message === "count") process.send?.({ roundTrips });
});
process.on("disconnect", () => process.exit(0));
