/**
 * `pnpm bench`'s configuration, validated once like every app's (STYLE.md): its own ports,
 * never the development ones that `pnpm dev` may hold, and where its database and files live
 * (docs/performance.md, "How `pnpm bench` works").
 */
import path from "node:path";
import { ConfigError } from "@lotse/db/server";
import { envProblems, envVars, formatEnvProblems, withoutEmpty } from "@lotse/server/env";
import { z } from "zod";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..", "..");

export const benchEnvShape = {
  BROKER_PORT: envVars.port(4400).describe("The bench broker's port."),
  SANDBOX_PORT: envVars.port(4410).describe("The bench sandbox's port."),
  SANDBOX_MTLS_PORT: envVars
    .port(4411)
    .describe("The bench sandbox's HTTPS listener for mutual TLS (the insurer sued)."),
  BENCH_PEER_PORT: envVars
    .port(4420)
    .describe("The bare oidc-provider the broker is measured against."),
  BENCH_DB_COUNTER_PORT: envVars
    .port(4430)
    .describe(
      "With --attribute only: the TCP proxy between broker and PostgreSQL that names each round trip's statement.",
    ),
  LOTSE_EMBEDDED_PG_PORT: envVars
    .port(55449)
    .describe("The bench's own embedded PostgreSQL, when DATABASE_URL is unset."),
  LOTSE_DATA_DIR: z.string().optional().meta({
    description:
      "Where the bench keeps its embedded PostgreSQL, the stack's log and the sandbox's TLS files.",
    computedDefault: "`<workspace>/.data/bench`",
  }),
  DATABASE_URL: envVars
    .databaseUrl()
    .optional()
    .describe(
      "An existing PostgreSQL server, on which the bench drops and recreates the database lotse_bench; with --reuse, the running stack's database. Unset: the embedded one.",
    ),
};

export type BenchEnv = z.infer<z.ZodObject<typeof benchEnvShape>>;

/** The bench's configuration, or a ConfigError whose one line names every bad variable. */
export function readBenchEnv(source: Record<string, string | undefined> = process.env) {
  const result = z.object(benchEnvShape).safeParse(withoutEmpty(source));
  if (!result.success)
    throw new ConfigError(formatEnvProblems("bench", envProblems(result.error.issues)));
  const env = result.data;
  return { ...env, dataDir: env.LOTSE_DATA_DIR ?? path.join(workspaceRoot, ".data", "bench") };
}
