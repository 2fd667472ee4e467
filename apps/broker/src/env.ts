// The broker's configuration, validated once at start-up; nothing else reads process.env.
import { envVars, loadEnv } from "@lotse/server";

export const envShape = {
  DATABASE_URL: envVars.databaseUrl(),
  BROKER_PORT: envVars.port(4000),
  /** The issuer identifier apps see; in development http://localhost:4000 (DESIGN.md §2). */
  BROKER_ISSUER: envVars.url("http://localhost:4000"),
  SANDBOX_URL: envVars.url("http://localhost:4100"),
  LOG_LEVEL: envVars.logLevel(),
  LOG_FORMAT: envVars.logFormat(),
  NODE_ENV: envVars.nodeEnv(),
};

export type Env = ReturnType<typeof loadBrokerEnv>;

export function loadBrokerEnv(source?: Record<string, string | undefined>) {
  return loadEnv("broker", envShape, source);
}
