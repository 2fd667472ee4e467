/**
 * APIs (resource servers) of an organisation: the audience its access tokens carry (RFC 8707
 * resource indicator), its own scopes, the token format and lifetime. Browser-safe (zod and
 * @lotse/domain only), so the portal's API form validates with the same shapes.
 */
import { z } from "zod";
import { SMART_LAUNCH_SCOPES, TELEMATIK_SCOPES } from "@lotse/domain";
import { LOOPBACK_HOSTS } from "./redirect-uri.js";
import { wellFormedString } from "./well-formed.js";

/** RFC 9068 JWT (the API verifies it with the JWKS) or opaque (the API asks introspection). */
export const API_TOKEN_FORMATS = ["JWT", "OPAQUE"] as const;
export type ApiTokenFormat = (typeof API_TOKEN_FORMATS)[number];

/** Shown next to the choice in the form, one line each. */
export const API_TOKEN_FORMAT_EXPLANATIONS: Record<ApiTokenFormat, string> = {
  JWT: "A signed JWT (RFC 9068, typ at+jwt): your API verifies it itself with the broker's JWKS and checks aud and scope.",
  OPAQUE:
    "A random string: your API asks the broker's introspection endpoint what it stands for (active, aud, scope, sub, client_id).",
};

/** The scopes of the broker itself; an API's scope with one of these names would be ambiguous. */
export const RESERVED_SCOPES: ReadonlySet<string> = new Set<string>([
  "openid",
  "offline_access",
  "email",
  "profile",
  ...TELEMATIK_SCOPES,
  ...SMART_LAUNCH_SCOPES,
]);

/** An API scope: letters, digits and `_ . : -`, e.g. user_api.full_access. */
export const API_SCOPE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Why a scope cannot be an API's, or null. */
export function apiScopeProblem(scope: string): string | null {
  if (!API_SCOPE_PATTERN.test(scope))
    return "Use 1 to 64 letters, digits, _ . : or -, e.g. user_api.full_access.";
  // The broker decides by name which scopes are its own and which an API's (RFC 8707 §2).
  if (RESERVED_SCOPES.has(scope) || scope.startsWith("urn:telematik:"))
    return `${scope} is one of the broker's own scopes; choose a name of your API's.`;
  return null;
}

/**
 * The identifier is the audience (`aud`) of the API's tokens and its RFC 8707 resource
 * indicator: an absolute URI without a fragment (RFC 8707 §2). https, or http only on the
 * loopback interface for development, like redirect URIs.
 */
export function apiIdentifierProblem(value: string): string | null {
  if (value.trim() !== value || value === "") return "Enter a URI without spaces.";
  if (value.includes("*")) return "Wildcards are not allowed.";
  // RFC 8707 §2: "It MUST NOT include a fragment component."
  if (value.includes("#")) return "The identifier must not contain a fragment (#…).";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URI, e.g. https://api.example.com.";
  }
  if (url.username || url.password)
    return "The identifier must not contain a user name or password.";
  if (url.protocol === "https:") return url.hostname ? null : "An https URI needs a host.";
  if (url.protocol === "http:")
    return LOOPBACK_HOSTS.has(url.hostname)
      ? null
      : "http is only allowed for localhost and 127.0.0.1; use https.";
  return "Use an https URI (http only for localhost and 127.0.0.1).";
}

const apiScope = wellFormedString().superRefine((value, ctx) => {
  const problem = apiScopeProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const API_TOKEN_TTL_MAX = 60 * 60 * 24;

export const apiSettingsSchema = z.object({
  name: wellFormedString().trim().min(1, { error: "Enter a name." }).max(100),
  identifier: wellFormedString()
    .max(2000, { error: "At most 2000 characters." })
    .superRefine((value, ctx) => {
      const problem = apiIdentifierProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  /** Per-scope messages land on their index (scopes.2), like redirect URIs. */
  scopes: z
    .array(apiScope)
    .min(1, { error: "Add at least one scope." })
    .max(50, { error: "At most 50 scopes." })
    .superRefine((scopes, ctx) => {
      scopes.forEach((scope, index) => {
        if (scopes.indexOf(scope) !== index)
          ctx.addIssue({ code: "custom", message: "Duplicate scope.", path: [index] });
      });
    }),
  tokenFormat: z.enum(API_TOKEN_FORMATS),
  accessTokenTtl: z
    .number({ error: "The lifetime must be a number of seconds." })
    .int({ error: "The lifetime must be whole seconds." })
    .min(60, { error: "The lifetime must be at least 60 seconds." })
    .max(API_TOKEN_TTL_MAX, {
      error: `The lifetime must be at most ${API_TOKEN_TTL_MAX} seconds.`,
    }),
});
export type ApiSettings = z.infer<typeof apiSettingsSchema>;

export const apiDefaults: ApiSettings = {
  name: "",
  identifier: "",
  scopes: [""],
  tokenFormat: "JWT",
  accessTokenTtl: 300,
};

/** The form's shape of a stored API. */
export function apiSettingsOf(api: {
  name: string;
  identifier: string;
  scopes: string[];
  tokenFormat: ApiTokenFormat;
  accessTokenTtl: number;
}): ApiSettings {
  return {
    name: api.name,
    identifier: api.identifier,
    scopes: api.scopes,
    tokenFormat: api.tokenFormat,
    accessTokenTtl: api.accessTokenTtl,
  };
}

const id = wellFormedString().min(1).max(64);

export const createApiInput = z.object({ organizationId: id, settings: apiSettingsSchema });
export const updateApiInput = z.object({ apiId: id, settings: apiSettingsSchema });
export const apiIdInput = z.object({ apiId: id });
export const listApisInput = z.object({ organizationId: id });

export const apiOutput = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  identifier: z.string(),
  scopes: z.array(z.string()),
  tokenFormat: z.enum(API_TOKEN_FORMATS),
  accessTokenTtl: z.number().int(),
  /** How many applications may request scopes of it. */
  grantCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ApiOutput = z.infer<typeof apiOutput>;

/**
 * Which scopes of which of the organisation's APIs an application may request
 * (ApplicationApiGrant rows), by the API's identifier. An entry without scopes grants
 * nothing and is not stored; the service checks that each API and scope exists.
 */
export const apiGrantsSchema = z
  .array(
    z.object({
      identifier: wellFormedString().min(1).max(2000),
      scopes: z
        .array(wellFormedString().min(1).max(64))
        .max(50)
        .refine((scopes) => new Set(scopes).size === scopes.length, {
          error: "A scope is listed twice.",
        }),
    }),
  )
  .max(100)
  .refine((grants) => new Set(grants.map((grant) => grant.identifier)).size === grants.length, {
    error: "An API is listed twice.",
  });
export type ApiGrants = z.infer<typeof apiGrantsSchema>;
