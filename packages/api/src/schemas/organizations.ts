import { z } from "zod";
import { wellFormedString } from "./well-formed.js";

export const createOrganizationInput = z.object({
  name: wellFormedString().trim().min(2, { error: "Use at least 2 characters." }).max(100),
  slug: z
    .string()
    .trim()
    .min(3, { error: "Use at least 3 characters." })
    .max(40)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
      error: "Lowercase letters, digits and single dashes only.",
    }),
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationInput>;

export const organizationIdInput = z.object({ organizationId: wellFormedString().min(1).max(64) });

/** How long an invitation link works: 1 to 30 days. */
export const createInvitationInput = z.object({
  organizationId: wellFormedString().min(1).max(64),
  expiresInDays: z.number().int().min(1).max(30).default(7),
});

export const invitationTokenInput = z.object({ token: wellFormedString().min(20).max(100) });
export const revokeInvitationInput = z.object({
  organizationId: wellFormedString().min(1).max(64),
  invitationId: wellFormedString().min(1).max(64),
});

export const MEMBERSHIP_ROLES = ["OWNER", "MEMBER"] as const;

/** One member of one organization: whom to remove (or, with your own id, leave). */
export const memberInput = z.object({
  organizationId: wellFormedString().min(1).max(64),
  userId: wellFormedString().min(1).max(64),
});
export type MemberInput = z.infer<typeof memberInput>;

export const changeMemberRoleInput = memberInput.extend({ role: z.enum(MEMBERSHIP_ROLES) });
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleInput>;
