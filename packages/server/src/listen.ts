import type { Server } from "node:http";
import type { Logger } from "pino";

/**
 * Starts listening, turning the usual start-up failures into one clear line and exit
 * status 1, and closes the server on SIGINT/SIGTERM so the process ends cleanly.
 */
export function listen(
  server: Server,
  options: { service: string; port: number; host?: string; portVariable: string; logger: Logger },
  onClose?: () => Promise<void>,
): Promise<void> {
  const { service, port, host, portVariable, logger } = options;
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
      resolve();
    });

    let closing = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, `${service} shutting down`);
      server.close();
      server.closeAllConnections();
      void (onClose?.() ?? Promise.resolve()).finally(() => process.exit(0));
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
}
