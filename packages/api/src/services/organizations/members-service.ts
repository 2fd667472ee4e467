/**
 * Members of an organization: the list, role changes and removal (including leaving).
 * Rules: only owners change roles or remove others; anyone may remove themselves; and an
 * organization always keeps at least one owner, or nobody could ever manage it again.
 * Every change is audited (services/audit/admin-actions.ts).
 */
import type { MembershipRole, PrismaClient } from "@lotse/db";
import { conflict, forbidden, notFound } from "../../errors.js";
import type { ChangeMemberRoleInput, MemberInput } from "../../schemas/organizations.js";
import { recordAdminAction } from "../audit/admin-actions.js";
import { memberOf, requireMembership } from "./membership.js";

export interface MemberSummary {
  userId: string;
  email: string;
  name: string | null;
  role: MembershipRole;
  joinedAt: Date;
}

export async function listMembers(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
): Promise<MemberSummary[]> {
  await requireMembership(prisma, userId, organizationId);
  const memberships = await prisma.membership.findMany({
    where: { organizationId, organization: memberOf(userId) },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
  return memberships.map((m) => ({
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    joinedAt: m.createdAt,
  }));
}

type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
type LockedMembership = { userId: string; role: MembershipRole };

/**
 * Runs `change` with every membership row of the organization locked (SELECT … FOR UPDATE)
 * until the transaction ends. Why row locks: the "at least one owner" rule is a check over
 * several rows, which READ COMMITTED alone does not protect — two owners demoting each other
 * at once would each still see the other as owner and both commit, leaving none. With the
 * rows locked, the second transaction waits for the first to commit and then reads the
 * current roles (PostgreSQL re-reads locked rows after the wait), so it sees one owner left
 * and is refused. The rows are locked in id order so concurrent changes cannot deadlock.
 * A serializable transaction would also be correct but fails the loser with a retryable
 * serialization error instead of a clear answer.
 */
async function withLockedMemberships<T>(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
  change: (
    tx: Transaction,
    memberships: LockedMembership[],
    callerRole: MembershipRole,
  ) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    const memberships = await tx.$queryRaw<LockedMembership[]>`
      SELECT "userId", role::text AS role
      FROM "Membership"
      WHERE "organizationId" = ${organizationId}
      ORDER BY id
      FOR UPDATE`;
    const caller = memberships.find((m) => m.userId === userId);
    // Not a member: answer as if the organization did not exist (errors.ts).
    if (!caller) throw notFound("Organization");
    return change(tx, memberships, caller.role);
  });
}

const ownerCount = (memberships: LockedMembership[]) =>
  memberships.filter((m) => m.role === "OWNER").length;

function findTarget(memberships: LockedMembership[], userId: string): LockedMembership {
  const target = memberships.find((m) => m.userId === userId);
  if (!target) throw notFound("Member");
  return target;
}

/** Makes a member an owner or an owner a member. Owners only. */
export async function changeMemberRole(
  prisma: PrismaClient,
  userId: string,
  input: ChangeMemberRoleInput,
  clientIp?: string,
): Promise<void> {
  const from = await withLockedMemberships(
    prisma,
    userId,
    input.organizationId,
    async (tx, memberships, callerRole) => {
      if (callerRole !== "OWNER") throw forbidden("Only owners can change roles.");
      const target = findTarget(memberships, input.userId);
      if (target.role === input.role) return null;
      // Only an owner gets here, so the last owner can only be the caller.
      if (target.role === "OWNER" && ownerCount(memberships) === 1) {
        throw conflict("You are the only owner. Make another member an owner first.");
      }
      await tx.membership.update({
        where: {
          userId_organizationId: { userId: input.userId, organizationId: input.organizationId },
        },
        data: { role: input.role },
      });
      return target.role;
    },
  );
  if (from) {
    await recordAdminAction(prisma, { userId, clientIp }, "admin.member.role_changed", {
      organizationId: input.organizationId,
      targetUserId: input.userId,
      from,
      to: input.role,
    });
  }
}

/**
 * Removes a member. Owners remove anyone; every member may remove themselves (leave).
 * Their applications stay with the organization.
 */
export async function removeMember(
  prisma: PrismaClient,
  userId: string,
  input: MemberInput,
  clientIp?: string,
): Promise<void> {
  const role = await withLockedMemberships(
    prisma,
    userId,
    input.organizationId,
    async (tx, memberships, callerRole) => {
      const leaving = input.userId === userId;
      if (!leaving && callerRole !== "OWNER") throw forbidden("Only owners can remove members.");
      const target = findTarget(memberships, input.userId);
      // Another owner's removal leaves the caller as owner; only leaving can empty the role.
      if (target.role === "OWNER" && ownerCount(memberships) === 1) {
        throw conflict("You are the only owner. Make another member an owner before you leave.");
      }
      await tx.membership.delete({
        where: {
          userId_organizationId: { userId: input.userId, organizationId: input.organizationId },
        },
      });
      return target.role;
    },
  );
  // Leaving is recorded too (the target is the actor then): it changes who manages the
  // organization just as a removal does.
  await recordAdminAction(prisma, { userId, clientIp }, "admin.member.removed", {
    organizationId: input.organizationId,
    targetUserId: input.userId,
    role,
  });
}
