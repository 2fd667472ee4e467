// demo-web's environment variables: one zod shape, read once by ./env.ts. An example
// relying party knows only the broker's public URL, never Lotse's database.
import { z } from "zod";
import { envVars } from "@lotse/server/env";

export const serverShape = {
  BROKER_URL: envVars.url("http://localhost:4000"),
  LOG_LEVEL: envVars.logLevel(),
  NODE_ENV: envVars.nodeEnv(),
};

export const envSchema = z.object(serverShape);
export type Env = z.infer<typeof envSchema>;
