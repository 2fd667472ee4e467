import { z } from "zod";

/**
 * One validation problem, in the Standard Schema shape that zod, t3-env and friends
 * report; `message` never contains the variable's value.
 */
export interface EnvIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

export interface EnvProblem {
  name: string;
  problem: string;
}

/** One problem per variable (the first reported), in the order reported. */
export function envProblems(issues: readonly EnvIssue[]): EnvProblem[] {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const first = issue.path?.[0];
    const name = String(typeof first === "object" ? first.key : (first ?? "(environment)"));
    if (!seen.has(name)) seen.set(name, issue.message);
  }
  return [...seen].map(([name, problem]) => ({ name, problem }));
}

/** One line that names every bad variable, e.g. `broker: invalid environment: BROKER_PORT must be …`. */
export function formatEnvProblems(service: string, problems: EnvProblem[]): string {
  return `${service}: invalid environment: ${problems.map((p) => `${p.name} ${p.problem}`).join("; ")}`;
}

/**
 * Prints the one line and stops the process: a misconfigured server must not start
 * half-working. Where there is no process to exit (edge runtime), it throws instead.
 */
export function exitOnInvalidEnv(service: string, issues: readonly EnvIssue[]): never {
  const line = formatEnvProblems(service, envProblems(issues));
  console.error(line);
  if (typeof process !== "undefined" && typeof process.exit === "function") process.exit(1);
  throw new Error(line);
}

/** Drops empty values: `FOO=` in a .env file means "unset", so defaults apply. */
export function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
    ),
  );
}

/**
 * Validates `source` (process.env by default) against `shape`, or prints one line and
 * exits with status 1.
 */
export function loadEnv<T extends z.ZodRawShape>(
  service: string,
  shape: T,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(withoutEmpty(source));
  if (!result.success) exitOnInvalidEnv(service, result.error.issues);
  return result.data;
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return /^postgres(ql)?:$/.test(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

const PORT_MESSAGE = "must be a port number (1-65535)";
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const NODE_ENVS = ["development", "test", "production"] as const;

/** Reusable variable schemas with messages that read well after the variable's name. */
export const envVars = {
  port: (fallback: number) =>
    z.coerce
      .number({ error: PORT_MESSAGE })
      .int({ error: PORT_MESSAGE })
      .min(1, { error: PORT_MESSAGE })
      .max(65535, { error: PORT_MESSAGE })
      .default(fallback)
      .describe("The TCP port the server listens on."),
  /**
   * An absolute http(s) URL without a trailing slash, so paths can be appended
   * (OpenID Connect Discovery §4 removes a terminating "/" before appending /.well-known/…).
   */
  url: (fallback: string) =>
    z
      .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
      .transform((value) => value.replace(/\/+$/, ""))
      .default(fallback),
  databaseUrl: () =>
    z
      .string({ error: "must be set (pnpm dev sets it for you)" })
      .refine(isPostgresUrl, "must be a postgresql://user:password@host:port/database URL")
      .describe(
        "The PostgreSQL database, as postgresql://user:password@host:port/database (add ?sslmode=require for TLS). A secret: it holds the password.",
      ),
  logLevel: () =>
    z
      .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })
      .default("info")
      .describe(`The least severe log line written: ${LOG_LEVELS.join(", ")}.`),
  logFormat: () =>
    z
      .enum(["json", "pretty"], { error: "must be json or pretty" })
      .default("json")
      .describe(
        "json: one JSON object per line with the request id (for log collectors); pretty: readable lines for a terminal.",
      ),
  /** LOTSE_SHUTDOWN_TIMEOUT_MS: how long requests in flight may run after SIGTERM (shutdown.ts). */
  shutdownTimeoutMs: () =>
    z.coerce
      .number({ error: "must be a number of milliseconds (0-600000)" })
      .int({ error: "must be a number of milliseconds (0-600000)" })
      .min(0, { error: "must be a number of milliseconds (0-600000)" })
      .max(600_000, { error: "must be a number of milliseconds (0-600000)" })
      .default(10_000)
      .describe(
        "After SIGTERM: how long requests in flight may run before their connections are closed and the process exits (keep it below the orchestrator's grace period).",
      ),
  nodeEnv: () =>
    z
      .enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(", ")}` })
      .default("development")
      .describe(
        "Node's and the libraries' convention (Next's `next start` sets production); not Lotse's mode, which is LOTSE_MODE.",
      ),
};

/**
 * The options every Next.js app passes to t3-env's `createEnv` besides its `server` shape,
 * and the check of its cross-variable rules. Usage in an app's `src/env.ts`:
 *
 *   const options = nextEnvOptions("portal");
 *   export const env = createEnv({ server: serverShape, ...options });
 *   checkEnvRules("portal", options.skipValidation, () => envRuleProblems(env));
 */
export function nextEnvOptions(service: string) {
  // `next build` evaluates route modules to collect page data; it must not need the
  // runtime configuration, which the app's instrumentation validates when the server starts.
  // While skipped, values are raw and defaults are missing: read env only at request time.
  // ("phase-production-build" is next/constants' PHASE_PRODUCTION_BUILD.)
  const skipValidation =
    process.env.NEXT_PHASE === "phase-production-build" ||
    ["1", "true"].includes(process.env.SKIP_ENV_VALIDATION ?? "");
  return {
    experimental__runtimeEnv: {},
    // `FOO=` in a .env file means "unset", so defaults apply.
    emptyStringAsUndefined: true,
    skipValidation,
    onValidationError: (issues: readonly EnvIssue[]): never => exitOnInvalidEnv(service, issues),
  };
}

/** createEnv checks variables one by one; rules across variables are checked here. */
export function checkEnvRules(
  service: string,
  skipValidation: boolean,
  problems: () => readonly EnvIssue[],
): void {
  if (skipValidation) return;
  const found = problems();
  if (found.length > 0) exitOnInvalidEnv(service, found);
}
