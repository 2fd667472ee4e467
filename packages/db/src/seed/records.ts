/**
 * The records the development quick start and the tests rely on. Tests import these
 * constants instead of repeating ids and URLs.
 */
import { TELEMATIK_SCOPES } from "@lotse/domain";

export const DEMO_ORGANIZATION = {
  slug: "lotse-demo",
  name: "Lotse Demo",
} as const;

export const DEMO_WEB = {
  clientId: "demo-web",
  name: "Lotse Demo Web",
  type: "CONFIDENTIAL",
  redirectUris: [
    // next-auth's OIDC callback (provider id "lotse").
    "http://localhost:3001/api/auth/callback/lotse",
    // The backend exchange variant, whose own server redeems the code with @lotse/sdk.
    "http://localhost:3001/backend/callback",
  ],
  postLogoutRedirectUris: ["http://localhost:3001/"],
  subMode: "PAIRWISE",
  allowedScopes: ["openid", "offline_access", ...TELEMATIK_SCOPES],
  // CIBA in poll mode: demo-web's help desk (docs/flows/ciba.md).
  allowedGrantTypes: ["authorization_code", "refresh_token", "urn:openid:params:grant-type:ciba"],
  /** Development only: the seed refuses to create it in production. */
  developmentSecret: "demo-web-secret",
} as const;

/** The CIBA grant type (CIBA Core §10.1). */
export const CIBA_GRANT_TYPE = "urn:openid:params:grant-type:ciba";

/**
 * demo-web's help desk in ping mode: the broker notifies it at its notification endpoint
 * when the person has answered (CIBA Core §10.2). A second client because the delivery
 * mode is part of a client's registration.
 */
export const DEMO_HELPDESK_PING = {
  clientId: "demo-helpdesk-ping",
  name: "Lotse Demo Help Desk (ping)",
  type: "CONFIDENTIAL",
  redirectUris: ["http://localhost:3001/helpdesk"],
  postLogoutRedirectUris: [],
  subMode: "PAIRWISE",
  allowedScopes: ["openid", ...TELEMATIK_SCOPES],
  allowedGrantTypes: ["urn:openid:params:grant-type:ciba"],
  ciba: {
    deliveryMode: "PING",
    notificationEndpoint: "http://localhost:3001/helpdesk/ciba/notify",
  },
  developmentSecret: "demo-helpdesk-ping-secret",
} as const;

export const DEMO_MOBILE = {
  clientId: "demo-mobile",
  name: "Lotse Demo Mobile",
  type: "PUBLIC",
  redirectUris: ["http://localhost:8081/app/ce", "de.lotse.demo:/oauthredirect"],
  platform: "NATIVE",
  postLogoutRedirectUris: ["http://localhost:8081/", "de.lotse.demo:/logout"],
  subMode: "UNIQUE",
  allowedScopes: ["openid", "offline_access", ...TELEMATIK_SCOPES],
  allowedGrantTypes: ["authorization_code", "refresh_token"],
} as const;

/**
 * The SMART example app in demo-web (apps/demo-web/src/app/smart): a public client that the
 * portal's launcher starts against the sandbox FHIR server. It is used by practitioners,
 * so a standalone launch shows the broker's patient picker.
 */
export const DEMO_SMART = {
  clientId: "demo-smart",
  name: "Lotse SMART Demo",
  type: "PUBLIC",
  redirectUris: ["http://localhost:3001/smart/app"],
  postLogoutRedirectUris: [],
  subMode: "PAIRWISE",
  allowedScopes: ["openid", "offline_access"],
  allowedGrantTypes: ["authorization_code", "refresh_token"],
  smart: {
    launchUrl: "http://localhost:3001/smart/launch",
    /** Under the sandbox URL (see sandboxFhirBaseUrl). */
    fhirBasePath: "/fhir/r4",
    userType: "PRACTITIONER",
    scopes: [
      "launch",
      "launch/patient",
      "launch/encounter",
      "fhirUser",
      "online_access",
      "patient/*.rs",
      "user/*.rs",
    ],
  },
} as const;

export function sandboxFhirBaseUrl(sandboxUrl: string): string {
  return `${sandboxUrl.replace(/\/+$/, "")}${DEMO_SMART.smart.fhirBasePath}`;
}

/** The sandbox's insurer IDPs (apps/sandbox), registered at the broker in development. */
export const SANDBOX_IDPS = [
  { path: "nord", displayName: "Sandbox Krankenkasse Nord", pkv: false },
  { path: "sued", displayName: "Sandbox BKK Süd", pkv: false },
  { path: "privat", displayName: "Sandbox Private Krankenversicherung", pkv: true },
] as const;

export const DEFAULT_SANDBOX_URL = "http://localhost:4100";

export function sandboxIdpIssuer(sandboxUrl: string, path: string): string {
  return `${sandboxUrl.replace(/\/+$/, "")}/idp/${path}`;
}

/**
 * Portal accounts for development (never created in production), printed by `pnpm dev`.
 * The argon2id hashes are precomputed so @lotse/db needs no native argon2 binding;
 * @lotse/api's tests check that they verify with these passwords.
 */
export const DEV_ADMIN = {
  email: "admin@lotse.dev",
  name: "Lotse Admin",
  role: "ADMIN",
  developmentPassword: "admin-dev-password",
  developmentPasswordHash:
    "$argon2id$v=19$m=19456,t=2,p=1$VNE1Cox8qWAbhW6XM5iYGg$T1THTaNrbvvsgLuK5+WMBgkmDpFGg9nc0vP811hnmlE",
} as const;

export const DEV_DEVELOPER = {
  email: "developer@lotse.dev",
  name: "Lotse Developer",
  role: "DEVELOPER",
  developmentPassword: "developer-dev-password",
  developmentPasswordHash:
    "$argon2id$v=19$m=19456,t=2,p=1$S0x/As+hFg1aSoofcNdhsg$Iv1xeAJtN4c643VlYs1AB7RiFuwbymm9R0BCUXbqv1Q",
} as const;
