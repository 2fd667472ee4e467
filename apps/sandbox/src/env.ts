// The sandbox's configuration, validated once at start-up; nothing else reads process.env.
import { z } from "zod";
import { envVars, loadEnv } from "@lotse/server";

/** A private-use URI scheme: a reverse domain name, so it has a dot (RFC 8252 §7.1). */
export const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:/i;

export const envShape = {
  DATABASE_URL: envVars.databaseUrl(),
  SANDBOX_PORT: envVars.port(4100),
  /** Public base URL of the sandbox; every simulated party lives under a path of it. */
  SANDBOX_URL: envVars
    .url("http://localhost:4100")
    .describe(
      "The sandbox's public URL; every simulated party (federation master, insurer IDPs, authenticator app, FHIR server) lives under a path of it.",
    ),
  /** The broker's entity identifier: its client id at every insurer IDP. */
  BROKER_URL: envVars
    .url("http://localhost:4000")
    .describe(
      "The broker's entity identifier (its BROKER_ISSUER): its client id at every simulated insurer IDP.",
    ),
  /**
   * The sandbox's HTTPS listener that asks for a client certificate: where an insurer that
   * wants self_signed_tls_client_auth (RFC 8705 §2.2) takes its token, PAR and CIBA
   * requests (`mtls_endpoint_aliases`, RFC 8705 §5), path-identical to SANDBOX_URL.
   */
  SANDBOX_MTLS_URL: envVars
    .url("https://localhost:4143")
    .describe(
      "The public URL of the sandbox's HTTPS listener for mutual TLS (RFC 8705): the `mtls_endpoint_aliases` of an insurer that wants self_signed_tls_client_auth (sued) live under it, path-identical to SANDBOX_URL.",
    ),
  SANDBOX_MTLS_PORT: envVars
    .port(4143)
    .describe(
      "The port of the HTTPS listener for mutual TLS (SANDBOX_MTLS_URL); it serves the same parties and asks every client for a certificate.",
    ),
  /**
   * Where the mTLS listener keeps its self-signed server certificate (server-cert.pem,
   * server-key.pem), reused while valid, so a broker can trust that file (UPSTREAM_TLS_CA_FILE).
   */
  SANDBOX_TLS_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A folder for the mTLS listener's self-signed server certificate (server-cert.pem, server-key.pem): made at the first start, reused while valid, so a broker can trust it (its UPSTREAM_TLS_CA_FILE). Unset: a new certificate at every start, kept in memory only.",
    ),
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
