// The portal's environment variables (DESIGN.md §2): one zod shape, read once by ./env.ts.
import { z } from "zod";
import { envVars } from "@lotse/server/env";

export const serverShape = {
  DATABASE_URL: envVars.databaseUrl(),
  BROKER_URL: envVars.url("http://localhost:4000"),
  SANDBOX_URL: envVars.url("http://localhost:4100"),
  LOG_LEVEL: envVars.logLevel(),
  NODE_ENV: envVars.nodeEnv(),
};

export const envSchema = z.object(serverShape);
export type Env = z.infer<typeof envSchema>;
