// The broker's configuration, validated once at start-up; nothing else reads process.env.
import { z } from "zod";
import { envVars, loadEnv } from "@lotse/server";

const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: "must be a positive whole number" })
    .int({ error: "must be a positive whole number" })
    .positive({ error: "must be a positive whole number" })
    .default(fallback);

export const envShape = {
  DATABASE_URL: envVars.databaseUrl(),
  BROKER_PORT: envVars.port(4000),
  /** The issuer identifier apps see; in development http://localhost:4000 (DESIGN.md §2). */
  BROKER_ISSUER: envVars.url("http://localhost:4000"),
  SANDBOX_URL: envVars.url("http://localhost:4100"),
  /** The federation master's entity identifier; default: the sandbox's (<SANDBOX_URL>/fedmaster). */
  FEDERATION_MASTER_URL: z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
  LOG_LEVEL: envVars.logLevel(),
  LOG_FORMAT: envVars.logFormat(),
  NODE_ENV: envVars.nodeEnv(),
  /**
   * Key-encryption key: 32 random bytes, base64url. Encrypts the signing keys at rest and
   * is the root of every derived server secret (cookies, subject HMAC, client-secret
   * stand-ins). Required in production; in development it is generated into <data dir>/kek.
   */
  LOTSE_KEK: z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9_-]{43}$/.test(value) && Buffer.from(value, "base64url").length === 32,
      "must be 32 random bytes, base64url-encoded (43 characters)",
    )
    .optional(),
  /** Requests per minute from one client IP, per endpoint (/connect/auth, /par, /token, the IDP list, the exchange). */
  BROKER_RATE_LIMIT_PER_MINUTE: positiveInt(120),
  /** Requests per minute for one authenticated client across all IPs, per endpoint. */
  BROKER_CLIENT_RATE_LIMIT_PER_MINUTE: positiveInt(6000),
  /**
   * How many reverse proxies in front of the broker append to X-Forwarded-For; their
   * X-Forwarded-* headers are believed, nobody else's. 0 (the default): none.
   */
  BROKER_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
};

export type Env = ReturnType<typeof loadBrokerEnv>;

export function loadBrokerEnv(source?: Record<string, string | undefined>) {
  const env = loadEnv("broker", envShape, source);
  if (env.NODE_ENV === "production" && !env.LOTSE_KEK) {
    // One line, like every other configuration error (DESIGN.md §2).
    console.error("broker: invalid environment: LOTSE_KEK must be set in production");
    process.exit(1);
  }
  return env;
}
