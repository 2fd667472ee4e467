export {
  envProblems,
  envVars,
  exitOnInvalidEnv,
  formatEnvProblems,
  loadEnv,
  withoutEmpty,
  type EnvIssue,
  type EnvProblem,
} from "./env.js";
export { createLogger, type Logger } from "./logger.js";
export { listen, type ListenOptions } from "./listen.js";
export {
  createDrainState,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  gracefulShutdown,
  processDrain,
  type DrainState,
  type ShutdownOptions,
} from "./shutdown.js";
export {
  healthReport,
  readinessReport,
  HEALTH_CHECK_TIMEOUT_MS,
  type HealthReport,
} from "./health.js";
export {
  currentRequestId,
  REQUEST_ID_HEADER,
  requestIdFrom,
  requestIds,
  withRequestId,
} from "./request-id.js";
export { errorBoundary, notFound, securityHeaders } from "./koa.js";
export { serveForTest } from "./testing.js";
export { limitSlowClients, SERVER_OPTIONS, type SlowClientLimits } from "./slow-clients.js";
