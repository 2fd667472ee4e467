/**
 * The end-to-end suite's configuration, read through one schema (STYLE.md): where the apps
 * are (the stack's variables and defaults, DESIGN.md §2), which browser, and the database the
 * global setup hands to the workers. Read when asked, not at import: the global setup sets
 * LOTSE_E2E_DATABASE_URL after the specs are loaded. An empty value counts as set, as the
 * stack's own tooling reads it (`CHROMIUM_PATH=` picks Playwright's own browser).
 */
import { z } from "zod";
import { envProblems, envVars, formatEnvProblems } from "@lotse/server/env";

export const e2eEnvShape = {
  PORTAL_PORT: envVars.port(3000),
  DEMO_WEB_PORT: envVars.port(3001),
  BROKER_PORT: envVars.port(4000),
  SANDBOX_PORT: envVars.port(4100),
  MOBILE_PORT: envVars.port(8081),
  /** Debian's Chromium by default: this project's machines cannot download Playwright's. */
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  /** The stack's database; the global setup sets it for the workers. */
  LOTSE_E2E_DATABASE_URL: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  /** "1": specs run against a stack started elsewhere; the global setup starts none. */
  LOTSE_E2E_EXTERNAL_STACK: z.string().optional(),
};

export type E2eEnv = z.infer<z.ZodObject<typeof e2eEnvShape>>;

export function e2eEnv(source: Record<string, string | undefined> = process.env): E2eEnv {
  const result = z.object(e2eEnvShape).safeParse(source);
  if (!result.success) {
    throw new Error(formatEnvProblems("e2e", envProblems(result.error.issues)));
  }
  return result.data;
}
