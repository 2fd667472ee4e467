/**
 * Limits for slow clients (slowloris, RFC 9110 §15.5.9 408): a connection that has not sent
 * its request headers within `headersTimeoutMs`, or its whole request within
 * `requestTimeoutMs`, is answered 408 and closed by Node's HTTP server, so a client cannot
 * hold connections open by trickling bytes. Node checks these limits every
 * `connectionsCheckingInterval` (an option of `http.createServer`, see SERVER_OPTIONS).
 */
import http, { type Server, type ServerOptions } from "node:http";

export interface SlowClientLimits {
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** Options for `http.createServer`: check the limits every second (Node's default is 30 s). */
export const SERVER_OPTIONS: ServerOptions = { connectionsCheckingInterval: 1000 };

export const DEFAULT_LIMITS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 } as const;

export function limitSlowClients(server: Server, limits: SlowClientLimits = {}): void {
  const headers = limits.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs;
  const request = limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs;
  server.headersTimeout = headers;
  // Node requires requestTimeout ≥ headersTimeout (0 would switch it off).
  server.requestTimeout = Math.max(request, headers);
}

/** Node's name for the check interval; a property of the server, read when it starts listening. */
type CheckedServer = Server & { connectionsCheckingInterval: number };

/**
 * The same limits for every `http.Server` this process starts, applied as it starts listening,
 * for servers created by code that takes no such options: Next.js's own server (`next start`,
 * the standalone `server.js`) calls `http.createServer(handler)` and sets only
 * keepAliveTimeout, and a custom server cannot be combined with the standalone output the
 * images use (Next's docs, "Custom Server"). Loaded by slow-clients-preload.ts. Node reads
 * `connectionsCheckingInterval` when the server starts listening, so setting it then works
 * like passing SERVER_OPTIONS. Returns the undo (for tests).
 */
export function limitEveryServer(
  limits: SlowClientLimits = {},
  checkIntervalMs = SERVER_OPTIONS.connectionsCheckingInterval ?? 1000,
): () => void {
  const prototype = http.Server.prototype;
  const listen = prototype.listen;
  prototype.listen = function (this: CheckedServer, ...args: unknown[]) {
    limitSlowClients(this, limits);
    this.connectionsCheckingInterval = checkIntervalMs;
    return (listen as (...rest: unknown[]) => Server).apply(this, args);
  } as Server["listen"];
  return () => {
    prototype.listen = listen;
  };
}
