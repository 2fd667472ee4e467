// The sandbox's configuration, validated once at start-up; nothing else reads process.env.
import { z } from "zod";
import { envVars, loadEnv } from "@lotse/server";

const REDIRECT_URIS_MESSAGE = "must be a comma-separated list of http(s) URLs without fragments";

function isWebRedirectUri(uri: string): boolean {
  const url = URL.parse(uri);
  return (url?.protocol === "https:" || url?.protocol === "http:") && !uri.includes("#");
}

/**
 * Extra redirect URIs registered for the broker at every IDP, comma-separated. The mobile
 * flows return from the insurer straight to the app's App Link / Universal Link, which is
 * an https URL; custom schemes are refused because the broker is a web client
 * (oidc-provider, like OIDC Registration §2 for `application_type: web`, allows only
 * http(s) redirect URIs for it).
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
    .pipe(z.array(z.string().refine(isWebRedirectUri, REDIRECT_URIS_MESSAGE)))
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
  NODE_ENV: envVars.nodeEnv(),
};

export type Env = ReturnType<typeof loadSandboxEnv>;

export function loadSandboxEnv(source?: Record<string, string | undefined>) {
  return loadEnv("sandbox", envShape, source);
}
