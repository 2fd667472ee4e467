/**
 * Server-sent events (HTML Living Standard §9.2, `text/event-stream`) over Koa: a stream
 * the handler writes events to, keep-alive comments so proxies and browsers do not drop an
 * idle connection, and a clean end when the client goes away.
 */
import type { Context } from "koa";

/** Often enough for common proxy idle timeouts (30–60 s). */
const KEEP_ALIVE_MS = 15_000;

/**
 * One event in the wire format. Every line of `data` gets its own `data:` field (a raw
 * newline would end the field early); the browser joins them with "\n" again.
 */
export function formatEvent(event: string, data: string): string {
  if (/[\r\n]/.test(event)) throw new Error("an event name is one line");
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `event: ${event}\n${lines.join("\n")}\n\n`;
}

/** A comment line: ignored by EventSource, but it keeps the connection busy. */
export const KEEP_ALIVE_COMMENT = ": keep-alive\n\n";

export interface EventStream {
  send(event: string, data: string): void;
  /** Called once when the stream ends (client gone or server closing). */
  onClose(cleanup: () => void): void;
}

/**
 * Turns the response into an event stream; the request stays open until the client leaves.
 * The handler writes to the socket itself (`ctx.respond = false`): when Koa pipes a stream
 * body, every closed phone tab would surface as a "premature close" error.
 */
export function openEventStream(ctx: Context, keepAliveMs = KEEP_ALIVE_MS): EventStream {
  const { res } = ctx;
  // The stream is long-lived: no socket timeout, and each event leaves at once.
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.respond = false;
  // Headers already set on ctx (the security headers) are on `res` and are kept.
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    // Reverse proxies (nginx) buffer responses unless told not to.
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();

  const cleanups: (() => void)[] = [];
  const keepAlive = setInterval(() => res.write(KEEP_ALIVE_COMMENT), keepAliveMs);
  let closed = false;
  // The response's "close" (not the request's, which fires once its body is read): the
  // client went away, or the server is closing its connections.
  res.on("close", () => {
    closed = true;
    clearInterval(keepAlive);
    for (const cleanup of cleanups) cleanup();
  });

  return {
    send: (event, data) => {
      if (!closed) res.write(formatEvent(event, data));
    },
    onClose: (cleanup) => {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
  };
}
