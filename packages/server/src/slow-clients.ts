/**
 * Limits for slow clients (slowloris, RFC 9110 §15.5.9 408): a connection that has not sent
 * its request headers within `headersTimeoutMs`, or its whole request within
 * `requestTimeoutMs`, is answered 408 and closed by Node's HTTP server, so a client cannot
 * hold connections open by trickling bytes. Node checks these limits every
 * `connectionsCheckingInterval` (an option of `http.createServer`, see SERVER_OPTIONS).
 */
import type { Server, ServerOptions } from "node:http";

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
