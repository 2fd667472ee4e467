// demo-web's environment variables: one zod shape, read once by ./env.ts. An example
// relying party knows only the broker's public URL and its own client registration,
// never Lotse's database.
import { z } from "zod";
import { envVars } from "@lotse/server/env";

/**
 * Development stand-ins, matching the seeded `demo-web` application
 * (packages/db/src/seed/records.ts). Never used in production: there the variables are
 * required (envRuleProblems).
 */
export const developmentDefaults = {
  DEMO_WEB_CLIENT_SECRET: "demo-web-secret",
  /** The seeded `demo-helpdesk-ping` application (DEMO_HELPDESK_PING). */
  DEMO_HELPDESK_PING_CLIENT_SECRET: "demo-helpdesk-ping-secret",
  AUTH_SECRET: "lotse-demo-web-development-auth-secret-not-for-production",
} as const;

/** RFC 8707 §2: a resource indicator is an absolute URI without a fragment. */
function isResourceIndicator(value: string): boolean {
  try {
    return !/[\s#]/.test(value) && new URL(value).protocol !== "";
  } catch {
    return false;
  }
}

/** RFC 6749 §3.3: space-separated scope tokens of printable ASCII without `"` and `\`. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

export const serverShape = {
  /** The broker's issuer URL; the OIDC provider is configured from its discovery document. */
  BROKER_URL: envVars
    .url("http://localhost:4000")
    .describe(
      "The broker's issuer URL; the app configures its OpenID Connect client from its discovery document.",
    ),
  /** Where people reach this app: post-logout and backend-variant redirect URIs derive from it. */
  DEMO_WEB_URL: envVars
    .url("http://localhost:3001")
    .describe("Where people reach this app; its redirect and post-logout URIs derive from it."),
  DEMO_WEB_CLIENT_ID: z
    .string({ error: "must be a client id" })
    .min(1)
    .default("demo-web")
    .describe("The app's client id at the broker."),
  /** The client secret of DEMO_WEB_CLIENT_ID. Required in production. */
  DEMO_WEB_CLIENT_SECRET: z.string().min(1).optional().meta({
    description: "The client secret of DEMO_WEB_CLIENT_ID; a secret.",
    computedDefault: "development: the seeded `demo-web-secret`",
    production: "must be set (NODE_ENV=production)",
  }),
  /**
   * The help desk's client in CIBA ping mode (/helpdesk): a second registration because the
   * token delivery mode belongs to a client's registration (CIBA Core §4). Poll mode uses
   * DEMO_WEB_CLIENT_ID. Its notification endpoint is ${DEMO_WEB_URL}/helpdesk/ciba/notify.
   */
  DEMO_HELPDESK_PING_CLIENT_ID: z
    .string({ error: "must be a client id" })
    .min(1)
    .default("demo-helpdesk-ping")
    .describe(
      "The help desk's client in CIBA ping mode (/helpdesk); its notification endpoint is <DEMO_WEB_URL>/helpdesk/ciba/notify.",
    ),
  /** The client secret of DEMO_HELPDESK_PING_CLIENT_ID. Required in production. */
  DEMO_HELPDESK_PING_CLIENT_SECRET: z.string().min(1).optional().meta({
    description: "The client secret of DEMO_HELPDESK_PING_CLIENT_ID; a secret.",
    computedDefault: "development: the seeded `demo-helpdesk-ping-secret`",
    production: "must be set (NODE_ENV=production)",
  }),
  /**
   * The SMART example app (/smart/launch, /smart/app): a public client that runs in the
   * browser with fhirclient, registered separately from DEMO_WEB_CLIENT_ID (seed: demo-smart).
   */
  DEMO_SMART_CLIENT_ID: z
    .string({ error: "must be a client id" })
    .min(1)
    .default("demo-smart")
    .describe("The SMART example app's public client id (/smart/launch, /smart/app)."),
  /**
   * The FHIR server the SMART app trusts: the `iss` of every launch must be exactly this
   * base URL. The browser fetches it (and the broker's token endpoint) directly.
   */
  DEMO_SMART_FHIR_BASE_URL: envVars
    .url("http://localhost:4100/fhir/r4")
    .describe(
      "The FHIR server the SMART app trusts: the `iss` of every launch must be exactly this base URL.",
    ),
  /**
   * The protected API (/api/protected, @lotse/sdk/api): its identifier as registered at the
   * broker, sent as `resource` (RFC 8707) and required in the access token's `aud`. Kept
   * exactly as given (no slash trimmed): the broker compares it character by character.
   */
  DEMO_API_AUDIENCE: z
    .string({ error: "must be an absolute URI without a fragment" })
    .refine(isResourceIndicator, { error: "must be an absolute URI without a fragment" })
    .default("http://localhost:3001/api/protected")
    .describe(
      "The protected API's identifier as registered at the broker: sent as `resource` (RFC 8707) and required in the access token's `aud`.",
    ),
  /** The scope(s) /api/protected requires, space-separated; granted to this app at the broker. */
  DEMO_API_SCOPE: z
    .string({ error: "must be space-separated scopes" })
    .regex(SCOPE, { error: "must be space-separated scopes" })
    .default("demo_api.read")
    .describe("The scope(s) /api/protected requires, space-separated."),
  /** Encrypts the session cookie (next-auth). Required in production, ≥ 32 characters. */
  AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional().meta({
    description: "Encrypts the session cookie (next-auth), at least 32 characters; a secret.",
    computedDefault: "development: a fixed development value",
    production: "must be set (NODE_ENV=production)",
  }),
  LOG_LEVEL: envVars.logLevel(),
  NODE_ENV: envVars
    .nodeEnv()
    .describe(
      "`next start` sets production, which makes the client secrets and AUTH_SECRET required.",
    ),
};

/** Cross-variable rules, checked by ./env.ts after the per-variable ones. */
export function envRuleProblems(env: {
  NODE_ENV?: string;
  AUTH_SECRET?: string | undefined;
  DEMO_WEB_CLIENT_SECRET?: string | undefined;
  DEMO_HELPDESK_PING_CLIENT_SECRET?: string | undefined;
}): { message: string; path: string[] }[] {
  if (env.NODE_ENV !== "production") return [];
  return (["DEMO_WEB_CLIENT_SECRET", "DEMO_HELPDESK_PING_CLIENT_SECRET", "AUTH_SECRET"] as const)
    .filter((name) => !env[name])
    .map((name) => ({ message: "must be set in production", path: [name] }));
}

export const envSchema = z.object(serverShape).superRefine((env, ctx) => {
  for (const problem of envRuleProblems(env)) ctx.addIssue({ code: "custom", ...problem });
});
export type Env = z.infer<typeof envSchema>;

/** The secrets to use: the configured ones, or the development stand-ins outside production. */
export function resolveSecrets(env: {
  NODE_ENV: string;
  AUTH_SECRET?: string | undefined;
  DEMO_WEB_CLIENT_SECRET?: string | undefined;
  DEMO_HELPDESK_PING_CLIENT_SECRET?: string | undefined;
}): { authSecret: string; clientSecret: string; helpdeskPingClientSecret: string } {
  const problems = envRuleProblems(env);
  if (problems.length > 0) {
    throw new Error(`demo-web: ${problems.map((p) => `${p.path[0]} ${p.message}`).join("; ")}`);
  }
  return {
    authSecret: env.AUTH_SECRET ?? developmentDefaults.AUTH_SECRET,
    clientSecret: env.DEMO_WEB_CLIENT_SECRET ?? developmentDefaults.DEMO_WEB_CLIENT_SECRET,
    helpdeskPingClientSecret:
      env.DEMO_HELPDESK_PING_CLIENT_SECRET ?? developmentDefaults.DEMO_HELPDESK_PING_CLIENT_SECRET,
  };
}
