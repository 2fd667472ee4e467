/**
 * Output shapes of the procedures (`.output()`): they strip anything a service might add
 * by mistake, so no hash or internal field ever reaches the browser.
 */
import { z } from "zod";
import { APPLICATION_TYPES, SMART_USER_TYPES, SUB_MODES } from "@lotse/domain";
import { API_TOKEN_FORMATS } from "./apis.js";
import { CIBA_DELIVERY_MODES } from "./ciba.js";
import { APPLICATION_PLATFORMS } from "./platform.js";

const userRole = z.enum(["DEVELOPER", "ADMIN"]);
const membershipRole = z.enum(["OWNER", "MEMBER"]);

export const accountOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: userRole,
});

export const organizationOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: membershipRole,
  applicationCount: z.number().int(),
  /** Accepted by the IDP list for all the organisation's applications (DESIGN.md §4). */
  relyingPartyId: z.string(),
});

export const memberOutput = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: membershipRole,
  joinedAt: z.date(),
});

export const applicationOutput = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  logoUri: z.string().nullable(),
  type: z.enum(APPLICATION_TYPES),
  organizationId: z.string(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  subMode: z.enum(SUB_MODES),
  allowedScopes: z.array(z.string()),
  allowedGrantTypes: z.array(z.string()),
  allowedIdps: z.array(z.string()),
  accessTokenTtl: z.number().int(),
  idTokenTtl: z.number().int(),
  refreshTokenTtl: z.number().int(),
  smartEnabled: z.boolean(),
  smartLaunchUrl: z.string().nullable(),
  smartFhirBaseUrl: z.string().nullable(),
  smartScopes: z.array(z.string()),
  smartUserType: z.enum(SMART_USER_TYPES),
  cibaDeliveryMode: z.enum(CIBA_DELIVERY_MODES),
  cibaNotificationEndpoint: z.string().nullable(),
  cibaUserCodeRequired: z.boolean(),
  platform: z.enum(APPLICATION_PLATFORMS),
  pkceRequired: z.boolean(),
  standardClaims: z.boolean(),
  tokenExchangeEnabled: z.boolean(),
  tokenExchangeAudiences: z.array(z.string()),
  /** The API scopes this app may request, with what the quick start needs of each API. */
  apiGrants: z.array(
    z.object({
      identifier: z.string(),
      name: z.string(),
      scopes: z.array(z.string()),
      tokenFormat: z.enum(API_TOKEN_FORMATS),
    }),
  ),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ApplicationOutput = z.infer<typeof applicationOutput>;

/** The secret in clear: only in the answer of create and rotate, never again. */
export const issuedSecretOutput = z.object({ secretId: z.string(), clientSecret: z.string() });

export const createdApplicationOutput = z.object({
  application: applicationOutput,
  secret: issuedSecretOutput.nullable(),
});

export const secretOutput = z.object({
  id: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  status: z.enum(["active", "expiring", "expired", "revoked"]),
});

export const invitationOutput = z.object({
  id: z.string(),
  role: membershipRole,
  createdAt: z.date(),
  expiresAt: z.date(),
  createdByEmail: z.string(),
});

/** The token in clear: only in the answer of create, for the link. */
export const createdInvitationOutput = z.object({
  invitation: invitationOutput,
  token: z.string(),
});

export const invitationPreviewOutput = z.object({
  organizationName: z.string(),
  alreadyMember: z.boolean(),
});

export const idpOptionOutput = z.object({
  issuer: z.string(),
  displayName: z.string(),
  pkv: z.boolean(),
  enabled: z.boolean(),
});
export type IdpOptionOutput = z.infer<typeof idpOptionOutput>;
