/**
 * The one authorization rule of the portal: a user acts on an organization's records only
 * as its member. Every service query on organization-owned data uses these clauses.
 */
import type { MembershipRole, PrismaClient } from "@lotse/db";
import { forbidden, notFound } from "../../errors.js";

/** Where clause for organizations the user belongs to. */
export const memberOf = (userId: string) => ({ memberships: { some: { userId } } });

export async function requireMembership(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
  role?: MembershipRole,
): Promise<MembershipRole> {
  const membership = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { role: true },
  });
  // Not a member: answer as if the organization did not exist.
  if (!membership) throw notFound("Organization");
  if (role === "OWNER" && membership.role !== "OWNER") throw forbidden("Only owners can do this.");
  return membership.role;
}
