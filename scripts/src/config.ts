/**
 * Configuration of the whole development stack (ports and public URLs of every app),
 * validated once. Every app receives its URLs from here, so they always agree.
 */
import { createHash } from "node:crypto";
import { DEMO_HELPDESK_PING, DEMO_SMART, DEMO_WEB, sandboxFhirBaseUrl } from "@lotse/db/seed";
import path from "node:path";
import { dataDir } from "@lotse/db";
import { envVars } from "@lotse/server/env";
import type { z } from "zod";

export const stackEnvShape = {
  DATABASE_URL: envVars
    .databaseUrl()
    .optional()
    .describe(
      "The PostgreSQL database of the whole stack, as postgresql://user:password@host:port/database. Unset: the embedded PostgreSQL.",
    ),
  PORTAL_PORT: envVars
    .port(3000)
    .describe("The portal's port; its URL is http://localhost:<this>."),
  DEMO_WEB_PORT: envVars.port(3001).describe("demo-web's port."),
  BROKER_PORT: envVars
    .port(4000)
    .describe("The broker's port; in the local stack the issuer is http://localhost:<this>."),
  SANDBOX_PORT: envVars.port(4100).describe("The sandbox's port."),
  SANDBOX_MTLS_PORT: envVars
    .port(4143)
    .describe(
      "The port of the sandbox's HTTPS listener for mutual TLS (the insurers' mtls_endpoint_aliases, RFC 8705); its URL is https://localhost:<this>.",
    ),
  MOBILE_PORT: envVars.port(8081).describe("The port of the mobile app's web build."),
  LOTSE_EMBEDDED_PG_PORT: envVars
    .port(54329)
    .describe("The embedded PostgreSQL's port, when DATABASE_URL is unset."),
  LOG_LEVEL: envVars.logLevel(),
};

export type StackEnv = z.infer<z.ZodObject<typeof stackEnvShape>>;

export interface AppProcess {
  /** Workspace package. */
  pkg: string;
  name: "portal" | "demo-web" | "broker" | "sandbox" | "mobile";
  port: number;
  portVariable: string;
  url: string;
  /** Shown in the ready banner. */
  description: string;
}

export function stackApps(env: StackEnv): AppProcess[] {
  const local = (port: number) => `http://localhost:${port}`;
  return [
    {
      pkg: "@lotse/portal",
      name: "portal",
      port: env.PORTAL_PORT,
      portVariable: "PORTAL_PORT",
      url: local(env.PORTAL_PORT),
      description: "developer portal and admin console",
    },
    {
      pkg: "@lotse/demo-web",
      name: "demo-web",
      port: env.DEMO_WEB_PORT,
      portVariable: "DEMO_WEB_PORT",
      url: local(env.DEMO_WEB_PORT),
      description: "example relying party",
    },
    {
      pkg: "@lotse/broker",
      name: "broker",
      port: env.BROKER_PORT,
      portVariable: "BROKER_PORT",
      url: local(env.BROKER_PORT),
      description: "OpenID provider and broker (issuer)",
    },
    {
      pkg: "@lotse/sandbox",
      name: "sandbox",
      port: env.SANDBOX_PORT,
      portVariable: "SANDBOX_PORT",
      url: local(env.SANDBOX_PORT),
      description: "simulated federation, insurer IDPs and authenticator app",
    },
    {
      pkg: "@lotse/mobile",
      name: "mobile",
      port: env.MOBILE_PORT,
      portVariable: "MOBILE_PORT",
      url: local(env.MOBILE_PORT),
      description: "example mobile app (web build)",
    },
  ];
}

/** A port a process of the stack listens on, with the variable that moves it. */
export interface StackPort {
  name: string;
  port: number;
  portVariable: string;
}

/**
 * Every port the stack listens on, checked before anything starts: each app's, and the
 * sandbox's HTTPS listener for mutual TLS (the insurers' mtls_endpoint_aliases).
 */
export function stackPorts(env: StackEnv): StackPort[] {
  return stackApps(env).flatMap(({ name, port, portVariable }) => [
    { name, port, portVariable },
    ...(name === "sandbox"
      ? [
          {
            name: "sandbox mTLS listener",
            port: env.SANDBOX_MTLS_PORT,
            portVariable: "SANDBOX_MTLS_PORT",
          },
        ]
      : []),
  ]);
}

/** Where the sandbox keeps its TLS server certificate: in the workspace's data folder. */
export function sandboxTlsDir(): string {
  return path.join(dataDir(), "sandbox-tls");
}

/** The variables every app process receives. */
export function appEnvironment(env: StackEnv, databaseUrl: string): Record<string, string> {
  const url = (port: number) => `http://localhost:${port}`;
  return {
    // The broker runs in production mode unless told otherwise (apps/broker/src/env.ts); the
    // local stacks are development, also the e2e stack, whose `next start` sets
    // NODE_ENV=production for the Next apps.
    LOTSE_MODE: "development",
    DATABASE_URL: databaseUrl,
    PORTAL_PORT: String(env.PORTAL_PORT),
    DEMO_WEB_PORT: String(env.DEMO_WEB_PORT),
    BROKER_PORT: String(env.BROKER_PORT),
    SANDBOX_PORT: String(env.SANDBOX_PORT),
    MOBILE_PORT: String(env.MOBILE_PORT),
    PORTAL_URL: url(env.PORTAL_PORT),
    DEMO_WEB_URL: url(env.DEMO_WEB_PORT),
    BROKER_URL: url(env.BROKER_PORT),
    BROKER_ISSUER: url(env.BROKER_PORT),
    SANDBOX_URL: url(env.SANDBOX_PORT),
    MOBILE_URL: url(env.MOBILE_PORT),
    // The sandbox's mTLS listener (RFC 8705) and its self-signed server certificate, kept in
    // the data folder across restarts; the broker trusts exactly that certificate upstream.
    SANDBOX_MTLS_PORT: String(env.SANDBOX_MTLS_PORT),
    SANDBOX_MTLS_URL: `https://localhost:${env.SANDBOX_MTLS_PORT}`,
    SANDBOX_TLS_DIR: sandboxTlsDir(),
    UPSTREAM_TLS_CA_FILE: path.join(sandboxTlsDir(), "server-cert.pem"),
    // Inlined into the mobile web build by Expo (apps/mobile/src/config.ts). Its redirect
    // URI follows the page's origin; another MOBILE_PORT must be registered for demo-mobile.
    EXPO_PUBLIC_LOTSE_ISSUER: url(env.BROKER_PORT),
    LOG_LEVEL: env.LOG_LEVEL,
    // demo-web's secret at the broker: the seeded development one, as the local stack seeds
    // it. `next start` runs demo-web with NODE_ENV=production, where it must be set.
    DEMO_WEB_CLIENT_SECRET: DEMO_WEB.developmentSecret,
    // demo-web's help desk in CIBA ping mode (/helpdesk): the seeded ping-mode client, whose
    // notification endpoint is demo-web's /helpdesk/ciba/notify. Required in production too.
    DEMO_HELPDESK_PING_CLIENT_ID: DEMO_HELPDESK_PING.clientId,
    DEMO_HELPDESK_PING_CLIENT_SECRET: DEMO_HELPDESK_PING.developmentSecret,
    // demo-web's SMART example (/smart/launch): the seeded public SMART client and the
    // sandbox FHIR server it is registered for, the only `iss` it launches against.
    DEMO_SMART_CLIENT_ID: DEMO_SMART.clientId,
    DEMO_SMART_FHIR_BASE_URL: sandboxFhirBaseUrl(url(env.SANDBOX_PORT)),
    // demo-web's protected API (/api/protected): the identifier and scope of the API
    // registered for it at the broker. The identifier only names the API (the `aud` of its
    // access tokens); demo-web calls it at DEMO_WEB_URL, so it stays fixed like the seed's URIs.
    DEMO_API_AUDIENCE: "http://localhost:3001/api/protected",
    DEMO_API_SCOPE: "demo_api.read",
    // The portal's session key. `next start` (the e2e stack) runs with NODE_ENV=production,
    // where the portal requires one; derived from the local database so it needs no .env.
    AUTH_SECRET: createHash("sha256")
      .update(`lotse-local-stack-portal-auth-secret:${databaseUrl}`)
      .digest("base64url"),
  };
}
