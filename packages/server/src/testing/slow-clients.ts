/**
 * For the slow-client tests (this package's and the Next.js apps' stack test): a client
 * that sends its request in pieces. Test code only: its own export, which no app imports,
 * so nothing of it is loaded in production.
 */
import net from "node:net";

/**
 * Writes `parts` to 127.0.0.1:`port`, one every `pauseMs`, and resolves when the server
 * closes the connection, with what it answered and how long that took.
 */
export function trickle(
  port: number,
  parts: string[],
  pauseMs: number,
): Promise<{ data: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("close", () => resolve({ data, ms: Date.now() - started }));
    // A reset after the server gave up is expected; "close" still follows.
    socket.on("error", () => undefined);
    let index = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || index >= parts.length) return clearInterval(timer);
      socket.write(parts[index++]!);
    }, pauseMs);
  });
}
