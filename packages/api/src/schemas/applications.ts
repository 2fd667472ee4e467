/**
 * Input shapes of applications: the one source for the tRPC procedures, the portal's form
 * (zodResolver) and the tests (STYLE.md rule 3).
 */
import { z } from "zod";
// @lotse/domain has no dependencies (no Node built-ins), so this schema stays browser-safe.
import {
  APPLICATION_TYPES,
  KVNR_SCOPE,
  SUB_MODES,
  TELEMATIK_SCOPES,
  type ApplicationType,
  type SmartUserType,
  type SubMode,
} from "@lotse/domain";
import {
  CIBA_GRANT_TYPE,
  cibaDefaults,
  cibaSettingsOf,
  cibaSettingsSchema,
  type CibaDeliveryMode,
} from "./ciba.js";
import { apiGrantsSchema, type ApiGrants } from "./apis.js";
import { APPLICATION_PLATFORMS, platformUriProblem, type ApplicationPlatform } from "./platform.js";
import { redirectUriProblem } from "./redirect-uri.js";
import { smartDefaults, smartSettingsOf, smartSettingsSchema } from "./smart.js";
import { isStandardScope, STANDARD_SCOPES } from "./standard-claims.js";
import {
  tokenExchangeDefaults,
  tokenExchangeSettingsOf,
  tokenExchangeSettingsSchema,
} from "./token-exchange.js";
import { wellFormed, wellFormedString } from "./well-formed.js";

/**
 * Grant types chosen in the grant-type list. The CIBA grant is not among them: it is
 * `ciba.enabled` (schemas/ciba.ts), one switch next to its own settings, and is stored in
 * allowedGrantTypes with these.
 */
export const GRANT_TYPES = ["authorization_code", "refresh_token"] as const;
/** Scopes an application may register (DESIGN.md §4). */
export const SCOPES = ["openid", "offline_access", ...TELEMATIK_SCOPES] as const;
/** SCOPES and the standard ones (`email`, `profile`), which need standard claims on. */
export const ALL_SCOPES = [...SCOPES, ...STANDARD_SCOPES] as const;

/** Shown next to the choice in the form, so nobody has to guess what a mode means. */
export const SUB_MODE_EXPLANATIONS: Record<SubMode, string> = {
  UNIQUE:
    "The same person at the same insurer gets the same sub in every application of this organization, never in another organization's (derived from the insurer and its sub).",
  PAIRWISE:
    "A sub only for this application: two applications cannot correlate a user. Recommended.",
  PERSON: `Derived from the health insurance number (KVNR): stays the same after a change of insurer, within this organization. Requires the ${KVNR_SCOPE} scope.`,
};

const redirectUri = wellFormedString().superRefine((value, ctx) => {
  const problem = redirectUriProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Per-URI messages land on their index (e.g. redirectUris.2), so the form shows them there. */
const redirectUriList = (min: number) =>
  z
    .array(redirectUri)
    .min(min, { error: "Register at least one redirect URI." })
    .max(20, { error: "At most 20 URIs." })
    .superRefine((uris, ctx) => {
      uris.forEach((uri, index) => {
        if (uris.indexOf(uri) !== index)
          ctx.addIssue({ code: "custom", message: "Duplicate URI.", path: [index] });
      });
    });

const lifetime = (label: string, max: number) =>
  z
    .number({ error: `${label} must be a number of seconds.` })
    .int({ error: `${label} must be whole seconds.` })
    .min(60, { error: `${label} must be at least 60 seconds.` })
    .max(max, { error: `${label} must be at most ${max} seconds.` });

export const applicationSettingsSchema = z
  .object({
    name: wellFormedString().trim().min(1, { error: "Enter a name." }).max(100),
    logoUri: z
      .union([
        z.literal(""),
        wellFormed(
          z.url({ protocol: /^https$/, error: "The logo must be an https URL." }).max(2000),
        ),
      ])
      .optional(),
    type: z.enum(APPLICATION_TYPES),
    /** Web, native (mobile flows) or single-page app (schemas/platform.ts). */
    platform: z.enum(APPLICATION_PLATFORMS),
    /** Only a confidential application may turn PKCE off (refused below for public ones). */
    pkceRequired: z.boolean(),
    /** Also release the standard OIDC claims for the scopes email and profile. */
    standardClaims: z.boolean(),
    redirectUris: redirectUriList(1),
    postLogoutRedirectUris: redirectUriList(0),
    subMode: z.enum(SUB_MODES),
    allowedScopes: z
      .array(z.enum(ALL_SCOPES))
      .refine((scopes) => scopes.includes("openid"), { error: "openid is required." }),
    allowedGrantTypes: z.array(z.enum(GRANT_TYPES)),
    /** Issuers of the insurers this app offers; empty means every enabled one (new ones too). */
    allowedIdps: z
      .array(wellFormedString().min(1).max(2000))
      .max(100)
      .refine((issuers) => new Set(issuers).size === issuers.length, {
        error: "An identity provider is listed twice.",
      }),
    accessTokenTtl: lifetime("Access token lifetime", 3600),
    idTokenTtl: lifetime("ID token lifetime", 3600),
    refreshTokenTtl: lifetime("Refresh token lifetime", 60 * 60 * 24 * 365),
    /** SMART App Launch (docs/flows/smart.md); off unless the developer turns it on. */
    smart: smartSettingsSchema,
    /** Backchannel login (CIBA Core 1.0, docs/flows/ciba.md); off unless turned on. */
    ciba: cibaSettingsSchema,
    /** RFC 8693 token exchange (schemas/token-exchange.ts); off unless turned on. */
    tokenExchange: tokenExchangeSettingsSchema,
    /** The organisation's API scopes this app may request (schemas/apis.ts). */
    apiGrants: apiGrantsSchema,
  })
  .superRefine((value, ctx) => {
    // oidc-provider checks redirect URIs against application_type (schemas/platform.ts);
    // the message lands on the URI, where it can be fixed.
    for (const list of ["redirectUris", "postLogoutRedirectUris"] as const) {
      value[list].forEach((uri, index) => {
        const problem = platformUriProblem(value.platform, uri);
        if (problem) ctx.addIssue({ code: "custom", path: [list, index], message: problem });
      });
    }
    // A single-page app runs in the browser, which cannot keep a secret
    // (OAuth 2.0 for Browser-Based Apps §6.3, RFC 9700 §2.1.1).
    if (value.platform === "SPA" && value.type !== "PUBLIC") {
      ctx.addIssue({
        code: "custom",
        path: ["platform"],
        message: "A single-page app cannot keep a secret: register it as a public application.",
      });
    }
    // RFC 9700 §2.1.1: public clients MUST use PKCE; only a confidential client that cannot
    // send it (e.g. a Keycloak identity provider without PKCE) may be exempted.
    if (value.type === "PUBLIC" && !value.pkceRequired) {
      ctx.addIssue({
        code: "custom",
        path: ["pkceRequired"],
        message: "Public applications always use PKCE.",
      });
    }
    // The standard scopes release the standard claims, which only exist when they are on.
    const standard = value.allowedScopes.filter(isStandardScope);
    if (standard.length > 0 && !value.standardClaims) {
      ctx.addIssue({
        code: "custom",
        path: ["allowedScopes"],
        message: `${standard.join(" and ")} need the standard OIDC claims switched on.`,
      });
    }
    // DESIGN.md §4: PERSON subs are derived from the KVNR, which only comes with this scope.
    if (value.subMode === "PERSON" && !value.allowedScopes.includes(KVNR_SCOPE)) {
      ctx.addIssue({
        code: "custom",
        path: ["subMode"],
        message: `PERSON needs the ${KVNR_SCOPE} scope.`,
      });
    }
    // An application needs a way to sign people in: the browser (code) flow, CIBA, or both.
    if (!value.allowedGrantTypes.includes("authorization_code") && !value.ciba.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["allowedGrantTypes"],
        message: "Allow authorization_code, or backchannel login (CIBA) below.",
      });
    }
    // CIBA Core §7.1: the client authenticates at the backchannel endpoint as at the token
    // endpoint, and a public client has no credentials, so anyone could start a login.
    if (value.type === "PUBLIC" && value.ciba.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["ciba", "enabled"],
        message:
          "Only confidential applications can use backchannel login: the request must be authenticated with the client secret.",
      });
    }
    // refresh_token without offline_access could never be used (OIDC Core §11).
    if (
      value.allowedGrantTypes.includes("refresh_token") &&
      !value.allowedScopes.includes("offline_access")
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["allowedScopes"],
        message: "The refresh_token grant needs the offline_access scope.",
      });
    }
  });
export type ApplicationSettings = z.infer<typeof applicationSettingsSchema>;

/**
 * The settings of a stored application, for an edit that changes only some of them: every
 * field is carried over, so nothing is reset by being left out.
 */
export function settingsOf(application: {
  name: string;
  logoUri: string | null;
  type: ApplicationType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  subMode: SubMode;
  allowedScopes: string[];
  allowedGrantTypes: string[];
  allowedIdps: string[];
  accessTokenTtl: number;
  idTokenTtl: number;
  refreshTokenTtl: number;
  smartEnabled: boolean;
  smartLaunchUrl: string | null;
  smartFhirBaseUrl: string | null;
  smartScopes: string[];
  smartUserType: SmartUserType;
  cibaDeliveryMode: CibaDeliveryMode;
  cibaNotificationEndpoint: string | null;
  cibaUserCodeRequired: boolean;
  platform: ApplicationPlatform;
  pkceRequired: boolean;
  standardClaims: boolean;
  tokenExchangeEnabled: boolean;
  tokenExchangeAudiences: string[];
  apiGrants: ApiGrants;
}): ApplicationSettings {
  return {
    name: application.name,
    logoUri: application.logoUri ?? "",
    type: application.type,
    platform: application.platform,
    // Public applications always use PKCE, whatever the column says.
    pkceRequired: application.pkceRequired || application.type === "PUBLIC",
    standardClaims: application.standardClaims,
    redirectUris: application.redirectUris,
    postLogoutRedirectUris: application.postLogoutRedirectUris,
    subMode: application.subMode,
    // Stored values passed this schema when they were saved.
    allowedScopes: application.allowedScopes as ApplicationSettings["allowedScopes"],
    // The CIBA grant is `ciba.enabled`, not an entry of the list (schemas/ciba.ts).
    allowedGrantTypes: application.allowedGrantTypes.filter(
      (grant) => grant !== CIBA_GRANT_TYPE,
    ) as ApplicationSettings["allowedGrantTypes"],
    allowedIdps: application.allowedIdps,
    accessTokenTtl: application.accessTokenTtl,
    idTokenTtl: application.idTokenTtl,
    refreshTokenTtl: application.refreshTokenTtl,
    smart: smartSettingsOf(application),
    ciba: cibaSettingsOf(application),
    tokenExchange: tokenExchangeSettingsOf(application),
    apiGrants: application.apiGrants.map(({ identifier, scopes }) => ({ identifier, scopes })),
  };
}

export const applicationDefaults: ApplicationSettings = {
  name: "",
  logoUri: "",
  type: "CONFIDENTIAL",
  platform: "WEB",
  pkceRequired: true,
  standardClaims: false,
  redirectUris: [""],
  postLogoutRedirectUris: [],
  subMode: "PAIRWISE",
  allowedScopes: ["openid"],
  allowedGrantTypes: ["authorization_code"],
  allowedIdps: [],
  accessTokenTtl: 300,
  idTokenTtl: 300,
  refreshTokenTtl: 2592000,
  smart: smartDefaults,
  ciba: cibaDefaults,
  tokenExchange: tokenExchangeDefaults,
  apiGrants: [],
};

const id = wellFormedString().min(1).max(64);

export const createApplicationInput = z.object({
  organizationId: id,
  settings: applicationSettingsSchema,
});
export const updateApplicationInput = z.object({
  applicationId: id,
  settings: applicationSettingsSchema,
});
export const applicationIdInput = z.object({ applicationId: id });
/** One redirect URI added to what is stored (Try it's one-click registration). */
export const addRedirectUriInput = z.object({ applicationId: id, redirectUri });
export const listApplicationsInput = z.object({ organizationId: id });

/** Grace period for the previous secret after a rotation: 0 (none) to 30 days. */
export const rotateSecretInput = z.object({
  applicationId: id,
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(60 * 60 * 24 * 30, { error: "The grace period can be at most 30 days." }),
});
export const revokeSecretInput = z.object({ applicationId: id, secretId: id });
