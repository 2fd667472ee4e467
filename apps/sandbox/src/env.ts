// The sandbox's configuration, validated once at start-up; nothing else reads process.env.
import { envVars, loadEnv } from "@lotse/server";

export const envShape = {
  DATABASE_URL: envVars.databaseUrl(),
  SANDBOX_PORT: envVars.port(4100),
  /** Public base URL of the sandbox; every simulated party lives under a path of it. */
  SANDBOX_URL: envVars.url("http://localhost:4100"),
  BROKER_URL: envVars.url("http://localhost:4000"),
  LOG_LEVEL: envVars.logLevel(),
  LOG_FORMAT: envVars.logFormat(),
  NODE_ENV: envVars.nodeEnv(),
};

export type Env = ReturnType<typeof loadSandboxEnv>;

export function loadSandboxEnv(source?: Record<string, string | undefined>) {
  return loadEnv("sandbox", envShape, source);
}
