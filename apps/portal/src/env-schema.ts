// The portal's environment variables (DESIGN.md §2): one zod shape, read once by ./env.ts.
import { z } from "zod";
import { envVars } from "@lotse/server/env";

export const serverShape = {
  /**
   * Production unless the dev stack says development (scripts/src/config.ts), as for the
   * broker: NODE_ENV does not decide, since `next start` sets it. In production the portal
   * refuses URLs the broker would call on loopback (docs/security.md, "Portal attack battery").
   */
  LOTSE_MODE: z
    .enum(["development", "production"], { error: "must be one of development, production" })
    .default("production")
    .describe(
      "development or production. Production refuses application URLs the broker would call on loopback or private addresses (FHIR base, CIBA ping endpoint).",
    ),
  DATABASE_URL: envVars.databaseUrl(),
  BROKER_URL: envVars
    .url("http://localhost:4000")
    .describe(
      "The broker's issuer URL (its BROKER_ISSUER): shown in quick starts and used by Try it.",
    ),
  SANDBOX_URL: envVars
    .url("http://localhost:4100")
    .describe("The sandbox's public URL, linked from the portal's sandbox pages."),
  /** The portal's own public URL: "Try it" returns to `${PORTAL_URL}/try-it/callback`. */
  PORTAL_URL: envVars
    .url("http://localhost:3000")
    .describe("The portal's own public URL; Try it returns to <PORTAL_URL>/try-it/callback."),
  LOG_LEVEL: envVars.logLevel(),
  NODE_ENV: envVars
    .nodeEnv()
    .describe(
      "`next start` sets production, which makes AUTH_SECRET required; not Lotse's mode (LOTSE_MODE).",
    ),
  /**
   * Signs and encrypts the session cookies (next-auth). Required in production, the same on
   * every portal instance; in development it is derived from DATABASE_URL (server/auth-secret.ts).
   */
  AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional().meta({
    description:
      "Signs and encrypts the session cookies (next-auth), at least 32 characters, the same on every portal instance; a secret.",
    computedDefault: "development: derived from DATABASE_URL",
    production: "must be set (NODE_ENV=production)",
  }),
};

/** Cross-variable rules, checked by ./env.ts after the per-variable ones. */
export function envRuleProblems(env: {
  NODE_ENV?: string;
  AUTH_SECRET?: string | undefined;
}): { message: string; path: string[] }[] {
  return env.NODE_ENV === "production" && !env.AUTH_SECRET
    ? [{ message: "must be set in production", path: ["AUTH_SECRET"] }]
    : [];
}

export const envSchema = z.object(serverShape).superRefine((env, ctx) => {
  for (const problem of envRuleProblems(env)) ctx.addIssue({ code: "custom", ...problem });
});
export type Env = z.infer<typeof envSchema>;
