/**
 * Graceful shutdown of a Node HTTP server, for the SIGTERM that an orchestrator sends before
 * it kills an instance (Kubernetes: then SIGKILL after terminationGracePeriodSeconds). The
 * instance stops taking connections, reports itself not ready (/readyz 503, so a load
 * balancer that still holds a kept-alive connection drains it), lets the requests in flight
 * finish up to a deadline, closes keep-alive connections as they become idle, then runs the
 * app's clean-up. Requests still running at the deadline lose their connection: the deadline
 * is what keeps a hung request from holding the whole instance past its grace period.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "pino";

/** Whether the process is shutting down; /readyz answers 503 from the first moment. */
export interface DrainState {
  readonly draining: boolean;
  begin(): void;
}

export function createDrainState(): DrainState {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    begin() {
      draining = true;
    },
  };
}

/** The process's own state: set by listen()'s signal handlers, read by the readiness routes. */
export const processDrain: DrainState = createDrainState();

/** Long enough for a login's slowest step (an insurer's token request), short of Kubernetes' 30 s grace. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** How often kept-alive connections that finished their request are closed while draining. */
const IDLE_SWEEP_MS = 100;

export interface ShutdownOptions {
  service: string;
  logger: Logger;
  /** How long requests in flight may take before their connections are closed. */
  timeoutMs?: number;
  /** Runs once the server has closed (or the deadline passed): database, timers. */
  onClose?: () => Promise<void> | void;
  /** Defaults to the process's (processDrain); tests pass their own. */
  drain?: DrainState;
}

/**
 * Returns the shutdown of `server`: call it once (further calls return the same promise).
 * It resolves after the server closed and `onClose` ran; it never exits the process.
 */
export function gracefulShutdown(
  server: Server,
  options: ShutdownOptions,
): (reason: string) => Promise<void> {
  const { service, logger, onClose, drain = processDrain } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let running: Promise<void> | undefined;

  const run = async (reason: string) => {
    drain.begin();
    const started = Date.now();
    logger.info({ reason, timeoutMs }, `${service} shutting down: finishing requests in flight`);
    // A request that still arrives on a kept-alive connection is answered, and its
    // connection closed after the answer (RFC 9112 §9.6), so the client reconnects elsewhere.
    const closeAfterAnswer = (_request: IncomingMessage, response: ServerResponse) => {
      if (!response.headersSent) response.setHeader("Connection", "close");
    };
    server.on("request", closeAfterAnswer);
    // No new connections from here on; resolves once every connection has ended.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => resolve("deadline"), timeoutMs);
    });
    try {
      if ((await Promise.race([closed, deadline])) === "deadline") {
        logger.warn(
          { timeoutMs },
          `${service}: requests still in flight after the shutdown deadline; closing their connections`,
        );
        server.closeAllConnections();
        await closed;
      }
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
      server.off("request", closeAfterAnswer);
    }
    try {
      await onClose?.();
    } catch (error) {
      logger.error({ err: (error as Error).message }, `${service}: clean-up after shutdown failed`);
    }
    logger.info({ ms: Date.now() - started }, `${service} stopped`);
  };

  return (reason) => (running ??= run(reason));
}
