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
export { listen } from "./listen.js";
export { healthReport, type HealthReport } from "./health.js";
export { errorBoundary, notFound, securityHeaders } from "./koa.js";
export { serveForTest } from "./testing.js";
