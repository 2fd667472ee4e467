// The broker's configuration, validated once at start-up; nothing else reads process.env.
import { z } from "zod";
import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";
import { envVars, loadEnv } from "@lotse/server";

const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: "must be a positive whole number" })
    .int({ error: "must be a positive whole number" })
    .positive({ error: "must be a positive whole number" })
    .default(fallback);

/**
 * The broker's mode. Production unless told otherwise: a deployment that forgets to say what it
 * is must not run with development behaviour. The dev stack (`pnpm dev`, the e2e stack) sets
 * `development` (scripts/src/config.ts); NODE_ENV does not decide, since `next start` and other
 * tools set it for their own reasons.
 */
export const LOTSE_MODES = ["development", "production"] as const;
export type LotseMode = (typeof LOTSE_MODES)[number];

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Public signing keys only: a trust anchor with a private part (`d`) is a leaked secret. */
const trustAnchorJwks = z.object({
  keys: z
    .array(
      z
        .object({ kty: z.string().min(1), kid: z.string().min(1), d: z.never().optional() })
        .catchall(z.unknown()),
    )
    .min(1),
});

export type TrustAnchorJwks = z.infer<typeof trustAnchorJwks>;

/** Whether a JWKS holds the sandbox master's published test key (by its public coordinates). */
function holdsSandboxKey(jwks: TrustAnchorJwks): boolean {
  return jwks.keys.some((key) =>
    SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys.some(
      (sandbox) => key.x === sandbox.x && key.y === sandbox.y,
    ),
  );
}

/** A key-encryption key: 32 random bytes, base64url (keys/kek.ts). */
const kekValue = () =>
  z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9_-]{43}$/.test(value) && Buffer.from(value, "base64url").length === 32,
      "must be 32 random bytes, base64url-encoded (43 characters)",
    );

export const envShape = {
  LOTSE_MODE: z
    .enum(LOTSE_MODES, { error: `must be one of ${LOTSE_MODES.join(", ")}` })
    .default("production")
    .describe(
      "production refuses development settings (see the production column); development is what pnpm dev and the tests set.",
    ),
  DATABASE_URL: envVars.databaseUrl(),
  BROKER_PORT: envVars.port(4000),
  /** The issuer identifier apps see; in development http://localhost:4000 (DESIGN.md §2). */
  BROKER_ISSUER: envVars.url("http://localhost:4000").meta({
    description:
      "The issuer identifier: the public URL every token, discovery document and client configuration names. The same on every instance.",
    production: "must be an https URL",
  }),
  SANDBOX_URL: envVars
    .url("http://localhost:4100")
    .describe(
      "The sandbox's public URL (simulated federation and insurers); only the development default of FEDERATION_MASTER_URL uses it.",
    ),
  /** The federation master's entity identifier; default: the sandbox's (<SANDBOX_URL>/fedmaster). */
  FEDERATION_MASTER_URL: z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
    .transform((value) => value.replace(/\/+$/, ""))
    .optional()
    .meta({
      description:
        "The federation master's entity identifier, where the insurers' IDPs are listed.",
      computedDefault: "development: `<SANDBOX_URL>/fedmaster`",
      production: "must be set, https, and not under SANDBOX_URL",
    }),
  /**
   * The federation's trust anchor (OpenID Federation 1.0 §1.2): the master's public keys as a
   * JSON JWKS, pinned here and never taken from the master's own statement. Default in
   * development: the sandbox master's published test key; required in production mode.
   */
  FEDERATION_TRUST_ANCHOR_JWKS: z
    .string()
    .transform((value, ctx) => {
      const parsed = trustAnchorJwks.safeParse(parseJson(value));
      if (parsed.success) return parsed.data;
      ctx.addIssue({
        code: "custom",
        message:
          'must be a JSON Web Key Set of public signing keys, {"keys":[{"kty":…,"kid":…}, …]}',
      });
      return z.NEVER;
    })
    .optional()
    .meta({
      description:
        "The federation's trust anchor: the federation master's public keys as a JSON JWKS ({\"keys\":[…]}), pinned here; the master's entity configuration must be signed by one of them (docs/federation.md).",
      computedDefault: "development: the sandbox master's published test key",
      production: "must be set and must not contain the sandbox master's key",
    }),
  /** The organisation named in the broker's entity configuration (client and federation entity). */
  FEDERATION_ORGANIZATION_NAME: z
    .string()
    .min(1)
    .default("Lotse")
    .describe(
      "The organisation the broker's federation entity configuration names (organization_name), as registered with the federation.",
    ),
  /**
   * More CAs to trust for TLS toward the insurers, besides the system's (federation/client-auth.ts);
   * read when an insurer's client is built, so it may appear after the broker starts.
   */
  UPSTREAM_TLS_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A PEM file of certificates trusted for TLS toward the insurers in addition to the system CAs (in development: the sandbox's self-signed certificate, which the local stack points it at). Unset: the system CAs only.",
    ),
  /**
   * Pass the testing parameters of DESIGN.md §4 (`gematik_enable_testing`, `gematik_login_user`)
   * on to the insurers. Default: on in development, off in production, where they are refused.
   */
  BROKER_TESTING_PARAMETERS: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((value) => value === "true")
    .optional()
    .meta({
      description:
        "Pass the testing parameters (gematik_enable_testing, gematik_login_user, DESIGN.md §4) on to the insurers: true or false.",
      computedDefault: "development: `true`; production: `false`",
      production: "must not be true",
    }),
  LOG_LEVEL: envVars.logLevel(),
  LOG_FORMAT: envVars.logFormat(),
  /** Not the broker's mode (that is LOTSE_MODE); validated because other tools read it. */
  NODE_ENV: envVars
    .nodeEnv()
    .describe(
      "Validated because libraries read it; it does not decide the broker's mode (LOTSE_MODE does).",
    ),
  /**
   * Key-encryption key: 32 random bytes, base64url. Encrypts the signing keys at rest and
   * is the root of every derived server secret (cookies, subject HMAC, client-secret
   * stand-ins). Required in production mode; in development it is generated into <data dir>/kek.
   */
  LOTSE_KEK: kekValue().optional().meta({
    description:
      "The key-encryption key: 32 random bytes, base64url. Encrypts the signing keys at rest and, until the first KEK rotation, is the root of the derived secrets (cookies, subs). The same on every instance; a secret (docs/operations.md).",
    computedDefault: "development: generated into `<data dir>/kek`",
    production: "must be set",
  }),
  /** The KEK being rotated away from: it only decrypts (keys/kek.ts, keys/secret-root.ts). */
  LOTSE_KEK_PREVIOUS: kekValue()
    .optional()
    .describe(
      'During a KEK rotation only: the old key-encryption key, which still decrypts what is stored under it until kek:rotate has re-encrypted it under LOTSE_KEK (docs/operations.md, "Rotating the KEK"). Remove it afterwards; a secret.',
    ),
  /** Requests per minute from one client IP, per endpoint (/connect/auth, /par, /token, the IDP list, the exchange). */
  BROKER_RATE_LIMIT_PER_MINUTE: positiveInt(120).describe(
    "Requests per minute from one client IP, per endpoint (/connect/auth, /par, /token, the IDP list, the exchange); over it: 429.",
  ),
  /** Requests per minute for one authenticated client across all IPs, per endpoint. */
  BROKER_CLIENT_RATE_LIMIT_PER_MINUTE: positiveInt(6000).describe(
    "Requests per minute for one authenticated client across all IPs, per endpoint.",
  ),
  /**
   * How many reverse proxies in front of the broker append to X-Forwarded-For; their
   * X-Forwarded-* headers are believed, nobody else's. 0 (the default): none.
   */
  BROKER_TRUSTED_PROXIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe(
      "How many reverse proxies in front of the broker append to X-Forwarded-For (0-10); their X-Forwarded-* headers are believed, nobody else's. 1 behind an ingress controller.",
    ),
  /**
   * When set, GET /metrics requires `Authorization: Bearer <this>` (metrics/metrics-route.ts);
   * unset, it is open (keep it off the public path at the load balancer then).
   */
  BROKER_METRICS_TOKEN: z
    .string()
    .min(16, { error: "must be at least 16 characters (a random token)" })
    .optional()
    .describe(
      "When set, GET /metrics requires `Authorization: Bearer <this>` (at least 16 characters); unset, /metrics is open, so keep it off the public path.",
    ),
  /** How long requests in flight may run after SIGTERM before their connections are closed. */
  LOTSE_SHUTDOWN_TIMEOUT_MS: envVars.shutdownTimeoutMs(),
  /**
   * OpenTelemetry traces (tracing/start-tracing.ts): the collector's OTLP/HTTP base URL; traces
   * go to <this>/v1/traces. Unset (and OTEL_EXPORTER_OTLP_TRACES_ENDPOINT unset): no tracing.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
    .optional()
    .describe(
      "The OpenTelemetry collector's OTLP/HTTP base URL; traces go to <this>/v1/traces. Unset (and the next one unset): no tracing.",
    ),
  /** The full OTLP/HTTP URL for traces, used as it is; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
    .optional()
    .describe(
      "The full OTLP/HTTP URL for traces, used as it is; wins over OTEL_EXPORTER_OTLP_ENDPOINT.",
    ),
  /** The `service.name` of the broker's spans. */
  OTEL_SERVICE_NAME: z
    .string()
    .min(1)
    .default("lotse-broker")
    .describe("The `service.name` of the broker's spans."),
};

type ParsedEnv = z.infer<z.ZodObject<typeof envShape>>;

export type Env = ReturnType<typeof loadBrokerEnv>;

const isSandboxUrl = (url: string, sandboxUrl: string) =>
  url === sandboxUrl || url.startsWith(`${sandboxUrl.replace(/\/+$/, "")}/`);

/**
 * What production mode refuses: the development settings, each with the variable that fixes
 * it. One entry per variable, in the order of .env.example.
 */
export function productionProblems(env: ParsedEnv): string[] {
  if (env.LOTSE_MODE !== "production") return [];
  const problems: string[] = [];
  // OpenID Connect Discovery 1.0 §3 and RFC 8414 §2: the issuer is an https URL. No loopback
  // exception: every token and client configuration names it, and no real client reaches a
  // loopback issuer; run a local broker with LOTSE_MODE=development.
  if (!env.BROKER_ISSUER.startsWith("https://"))
    problems.push(
      `BROKER_ISSUER must be an https URL in production mode (it is ${env.BROKER_ISSUER})`,
    );
  // Otherwise the KEK would be generated on this machine's disk: every instance would derive
  // its own cookie keys and subs, and a lost disk would change every sub.
  if (!env.LOTSE_KEK)
    problems.push(
      "LOTSE_KEK must be set in production mode (a generated key-encryption key is for development only)",
    );
  if (env.BROKER_TESTING_PARAMETERS)
    problems.push(
      "BROKER_TESTING_PARAMETERS must not be true in production mode (they let a sandbox IDP log in any KVNR without a page, DESIGN.md §4)",
    );
  // The trust anchor of the whole federation: the sandbox's master trusts whatever the sandbox
  // says, and plain http lets anyone on the path replace its entity statement.
  if (!env.FEDERATION_MASTER_URL)
    problems.push(
      "FEDERATION_MASTER_URL must be set in production mode (the default is the sandbox's federation master)",
    );
  else if (isSandboxUrl(env.FEDERATION_MASTER_URL, env.SANDBOX_URL))
    problems.push(
      "FEDERATION_MASTER_URL must not be the sandbox's (under SANDBOX_URL) in production mode",
    );
  else if (!env.FEDERATION_MASTER_URL.startsWith("https://"))
    problems.push("FEDERATION_MASTER_URL must be an https URL in production mode");
  // The key that decides which insurers exist: the sandbox's is a published test key, so
  // anyone could sign a federation the broker would trust.
  if (!env.FEDERATION_TRUST_ANCHOR_JWKS)
    problems.push(
      "FEDERATION_TRUST_ANCHOR_JWKS must be set in production mode (the default is the sandbox master's published test key)",
    );
  else if (holdsSandboxKey(env.FEDERATION_TRUST_ANCHOR_JWKS))
    problems.push(
      "FEDERATION_TRUST_ANCHOR_JWKS must not contain the sandbox master's published test key in production mode",
    );
  return problems;
}

/**
 * The broker's configuration, or one line per problem and exit 1 (DESIGN.md §2). In production
 * mode (the default) the development settings are refused, see productionProblems.
 */
export function loadBrokerEnv(source?: Record<string, string | undefined>) {
  const parsed = loadEnv("broker", envShape, source);
  const problems = productionProblems(parsed);
  if (problems.length > 0) {
    // One line each, like every other configuration error, so each names its variable.
    for (const problem of problems) console.error(`broker: invalid environment: ${problem}`);
    process.exit(1);
  }
  const development = parsed.LOTSE_MODE === "development";
  return {
    ...parsed,
    production: !development,
    testingParameters: parsed.BROKER_TESTING_PARAMETERS ?? development,
    federationMasterUrl: parsed.FEDERATION_MASTER_URL ?? `${parsed.SANDBOX_URL}/fedmaster`,
    trustAnchorJwks: parsed.FEDERATION_TRUST_ANCHOR_JWKS ?? {
      keys: [...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys],
    },
  };
}
