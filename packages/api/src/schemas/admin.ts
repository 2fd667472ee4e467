/**
 * Input and output shapes of the admin console (`admin.*` procedures). Browser-safe: the
 * portal's admin forms import them too (STYLE.md rule 3).
 */
import { z } from "zod";
import { wellFormed, wellFormedString } from "./well-formed.js";

export const USER_ROLES = ["DEVELOPER", "ADMIN"] as const;

export const userIdInput = z.object({ userId: wellFormedString().min(1) });
export const setUserDisabledInput = userIdInput.extend({ disabled: z.boolean() });
export const setUserRoleInput = userIdInput.extend({ role: z.enum(USER_ROLES) });

export const upstreamIdpIdInput = z.object({ idpId: wellFormedString().min(1) });
export const setUpstreamIdpEnabledInput = upstreamIdpIdInput.extend({ enabled: z.boolean() });
/** What an admin may change of an upstream IDP; its issuer and client config stay in the seed. */
export const upstreamIdpDisplayInput = z.object({
  displayName: wellFormedString().trim().min(1, "Enter a display name.").max(100),
  // Empty means "no logo": the IDP chooser then shows the name only.
  logoUri: z.union([
    z.literal(""),
    wellFormed(z.url({ protocol: /^https$/, error: "The logo must be an https URL." }).max(2000)),
  ]),
});
export type UpstreamIdpDisplay = z.infer<typeof upstreamIdpDisplayInput>;
export const updateUpstreamIdpInput = upstreamIdpIdInput.extend({
  display: upstreamIdpDisplayInput,
});

export const adminUserOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(USER_ROLES),
  disabled: z.boolean(),
  /** Until when failed sign-ins lock the account (docs/portal.md "Throttling"); null if not. */
  lockedUntil: z.date().nullable(),
  createdAt: z.date(),
  organizationCount: z.number().int(),
});
export type AdminUserOutput = z.infer<typeof adminUserOutput>;

export const adminOrganizationOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.date(),
  memberCount: z.number().int(),
  applicationCount: z.number().int(),
});
export type AdminOrganizationOutput = z.infer<typeof adminOrganizationOutput>;

export const adminUpstreamIdpOutput = z.object({
  id: z.string(),
  issuer: z.string(),
  displayName: z.string(),
  logoUri: z.string().nullable(),
  pkv: z.boolean(),
  enabled: z.boolean(),
  updatedAt: z.date(),
});
export type AdminUpstreamIdpOutput = z.infer<typeof adminUpstreamIdpOutput>;

/** Public facts about a key only: never the (encrypted) private JWK, not even the public one. */
export const adminSigningKeyOutput = z.object({
  kid: z.string(),
  alg: z.string(),
  purpose: z.enum(["OIDC", "FEDERATION", "FEDERATION_ENTITY"]),
  use: z.string(),
  state: z.enum(["NEXT", "CURRENT", "RETIRED"]),
  createdAt: z.date(),
  activatedAt: z.date().nullable(),
  retiredAt: z.date().nullable(),
});
export type AdminSigningKeyOutput = z.infer<typeof adminSigningKeyOutput>;

/** What a rotation did: the kids retired and the kids promoted from NEXT to CURRENT. */
export const signingKeyRotationOutput = z.object({
  retired: z.array(z.string()),
  current: z.array(z.string()),
});
export type SigningKeyRotationOutput = z.infer<typeof signingKeyRotationOutput>;
