/**
 * This package's configuration: the one place in it that reads process.env (STYLE.md).
 *
 * A library, not an app, so a variable is read and validated when it is needed rather
 * than once at import: the test harness hands its database to test files through
 * DATABASE_URL after this module may have been loaded, and a bad variable only stops
 * what uses it (a malformed LOTSE_EMBEDDED_PG_PORT does not matter with DATABASE_URL set).
 * Problems throw a ConfigError whose one line names the variable.
 */
import { z } from "zod";
import { ConfigError, postgresUrl } from "./database-url.js";

/** The embedded PostgreSQL's port when LOTSE_EMBEDDED_PG_PORT is not set. */
export const DEFAULT_EMBEDDED_PORT = 54329;

const port = z.string().transform((raw, ctx) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    ctx.addIssue({ code: "custom", message: `must be a port number (1-65535), got "${raw}"` });
    return z.NEVER;
  }
  return value;
});

export const dbEnvShape = {
  /** An existing PostgreSQL server; without it, the embedded one is used (DESIGN.md §6). */
  DATABASE_URL: postgresUrl
    .optional()
    .describe(
      "The PostgreSQL database the migrations, the seed and the stack use, as postgresql://user:password@host:port/database. Unset: the embedded PostgreSQL.",
    ),
  /** Where local state lives (embedded database, development keys); default `<workspace>/.data`. */
  LOTSE_DATA_DIR: z.string().optional().meta({
    description:
      "Where local state lives: the embedded PostgreSQL's files and the development KEK.",
    computedDefault: "`<workspace>/.data`",
  }),
  LOTSE_EMBEDDED_PG_PORT: port
    .default(DEFAULT_EMBEDDED_PORT)
    .describe("The embedded PostgreSQL's port, when DATABASE_URL is unset."),
  /** `production` keeps development secrets and sandbox IDPs out of the seed. */
  NODE_ENV: z
    .string()
    .optional()
    .describe("production keeps development accounts, secrets and sandbox IDPs out of the seed."),
  /** The sandbox the seed registers its insurer IDPs at. */
  SANDBOX_URL: z.string().optional().meta({
    description: "The sandbox the development seed registers its insurer IDPs at.",
    computedDefault: "`http://localhost:4100`",
  }),
};

export type DbEnv = { [K in keyof typeof dbEnvShape]: z.output<(typeof dbEnvShape)[K]> };

/** One variable, validated; `FOO=` counts as unset, as everywhere in Lotse. */
export function dbEnv<K extends keyof DbEnv>(
  name: K,
  source: Record<string, string | undefined> = process.env,
): DbEnv[K] {
  const raw = source[name];
  const schema: z.ZodType = dbEnvShape[name];
  const result = schema.safeParse(raw === "" ? undefined : raw);
  if (!result.success) {
    throw new ConfigError(`${name} ${result.error.issues[0]?.message ?? "is invalid"}`);
  }
  return result.data as DbEnv[K];
}
