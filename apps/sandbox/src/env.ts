// The sandbox's configuration, validated once at start-up; nothing else reads process.env.
import { z } from "zod";
import { envVars, loadEnv } from "@lotse/server";

const REDIRECT_URIS_MESSAGE =
  "must be a comma-separated list of http(s) URLs or private-use scheme URIs (e.g. de.example.app:/cb), without fragments";

/** A private-use URI scheme: a reverse domain name, so it has a dot (RFC 8252 §7.1). */
export const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:/i;

function isRedirectUri(uri: string): boolean {
  if (uri.includes("#")) return false;
  const url = URL.parse(uri);
  return url?.protocol === "https:" || url?.protocol === "http:" || PRIVATE_USE_SCHEME.test(uri);
}

/**
 * Extra redirect URIs registered for the broker at every IDP, comma-separated. The mobile
 * flows return from the insurer straight to the app: its App Link / Universal Link (https)
 * or its private-use scheme (RFC 8252 §7.1). With a private-use scheme the broker's
 * registration becomes `application_type: native` (see idp/broker-client.ts).
 */
const extraRedirectUris = () =>
  z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((uri) => uri.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().refine(isRedirectUri, REDIRECT_URIS_MESSAGE)))
    .default([]);

export const envShape = {
  DATABASE_URL: envVars.databaseUrl(),
  SANDBOX_PORT: envVars.port(4100),
  /** Public base URL of the sandbox; every simulated party lives under a path of it. */
  SANDBOX_URL: envVars.url("http://localhost:4100"),
  /** The broker's entity identifier: its client id at every insurer IDP. */
  BROKER_URL: envVars.url("http://localhost:4000"),
  SANDBOX_EXTRA_REDIRECT_URIS: extraRedirectUris(),
  LOG_LEVEL: envVars.logLevel(),
  LOG_FORMAT: envVars.logFormat(),
  /** How long requests in flight may run after SIGTERM before their connections are closed. */
  LOTSE_SHUTDOWN_TIMEOUT_MS: envVars.shutdownTimeoutMs(),
  NODE_ENV: envVars.nodeEnv(),
};

export type Env = ReturnType<typeof loadSandboxEnv>;

export function loadSandboxEnv(source?: Record<string, string | undefined>) {
  return loadEnv("sandbox", envShape, source);
}
