import { z } from "zod";

/** A variable that is present but wrong, or missing; `problem` never contains the value. */
export interface EnvProblem {
  name: string;
  problem: string;
}

/** Turns zod issues about an environment object into one problem per variable. */
export function envProblems(error: z.ZodError): EnvProblem[] {
  const seen = new Map<string, string>();
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? "(environment)");
    if (!seen.has(name)) seen.set(name, issue.message);
  }
  return [...seen].map(([name, problem]) => ({ name, problem }));
}

/** One line that names every bad variable, e.g. `broker: invalid environment: BROKER_PORT must be …`. */
export function formatEnvProblems(service: string, problems: EnvProblem[]): string {
  return `${service}: invalid environment: ${problems.map((p) => `${p.name} ${p.problem}`).join("; ")}`;
}

/**
 * Validates `source` (process.env by default) against `shape`, or prints one line and
 * exits with status 1: a misconfigured process must not start half-working.
 */
export function loadEnv<T extends z.ZodRawShape>(
  service: string,
  shape: T,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<T>> {
  // Empty strings mean "unset", so `FOO=` in a .env file falls back to the default.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    console.error(formatEnvProblems(service, envProblems(result.error)));
    process.exit(1);
  }
  return result.data;
}

/** Reusable variable schemas with messages that read well after the variable's name. */
export const envVars = {
  port: (fallback: number) =>
    z.coerce
      .number({ error: "must be a port number (1-65535)" })
      .int({ error: "must be a port number (1-65535)" })
      .min(1, { error: "must be a port number (1-65535)" })
      .max(65535, { error: "must be a port number (1-65535)" })
      .default(fallback),
  url: (fallback?: string) => {
    const schema = z.url({ error: "must be an absolute http(s) URL", protocol: /^https?$/ });
    return fallback === undefined ? schema : schema.default(fallback);
  },
  databaseUrl: () =>
    z
      .string({ error: "must be set (pnpm dev sets it for you)" })
      .refine((value) => {
        try {
          const url = new URL(value);
          return /^postgres(ql)?:$/.test(url.protocol) && url.hostname !== "";
        } catch {
          return false;
        }
      }, "must be a postgresql://user:password@host:port/database URL"),
  logLevel: () =>
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
  logFormat: () =>
    z.enum(["json", "pretty"], { error: "must be json or pretty" }).default("json"),
  nodeEnv: () =>
    z
      .enum(["development", "test", "production"], {
        error: "must be one of development, test, production",
      })
      .default("development"),
};
