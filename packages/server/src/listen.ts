import type { Server } from "node:http";
import type { Logger } from "pino";
import { gracefulShutdown } from "./shutdown.js";
import { limitSlowClients, type SlowClientLimits } from "./slow-clients.js";

export interface ListenOptions {
  service: string;
  port: number;
  host?: string;
  portVariable: string;
  logger: Logger;
  /** How long requests in flight may run after SIGTERM (LOTSE_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs?: number;
  /** Limits for clients that send their request slowly (slow-clients.ts). */
  slowClients?: SlowClientLimits;
}

/**
 * Starts listening, turning the usual start-up failures into one clear line and exit
 * status 1; slow clients are cut off (slow-clients.ts). On SIGINT/SIGTERM the server shuts down gracefully (shutdown.ts): /readyz turns
 * 503, requests in flight finish (up to the deadline), then `onClose` runs and the process
 * exits 0. Resolves with that shutdown, for callers that stop the server themselves.
 */
export function listen(
  server: Server,
  options: ListenOptions,
  onClose?: () => Promise<void>,
): Promise<{ shutdown: (reason: string) => Promise<void> }> {
  const { service, port, host, portVariable, logger } = options;
  limitSlowClients(server, options.slowClients);
  const shutdown = gracefulShutdown(server, {
    service,
    logger,
    timeoutMs: options.shutdownTimeoutMs,
    onClose,
  });
  return new Promise((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? `port ${port} is already in use; stop what uses it or set ${portVariable}`
          : error.code === "EACCES"
            ? `not allowed to listen on port ${port}; set ${portVariable}`
            : `cannot listen on port ${port}: ${error.message}`;
      console.error(`${service}: ${reason}`);
      process.exit(1);
    });
    server.listen({ port, host }, () => {
      logger.info({ port }, `${service} listening on port ${port}`);
      resolve({ shutdown });
    });

    const onSignal = (signal: NodeJS.Signals) => {
      void shutdown(signal).finally(() => process.exit(0));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
