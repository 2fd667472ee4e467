/**
 * Invitation links: an owner creates one, anyone signed in who holds the link joins the
 * organization as a MEMBER, once, before it expires. The link carries a random token
 * (256 bits); only its sha256 is stored, like client secrets (DESIGN.md §3). Creating and
 * revoking a link are audited (never the token).
 */
import { createHash, randomBytes } from "node:crypto";
import type { MembershipRole, PrismaClient } from "@lotse/db";
import { DomainError, notFound } from "../../errors.js";
import { recordAdminAction } from "../audit/admin-actions.js";
import { requireMembership } from "./membership.js";

export interface InvitationView {
  id: string;
  role: MembershipRole;
  createdAt: Date;
  expiresAt: Date;
  createdByEmail: string;
}

const hashToken = (token: string) =>
  `sha256:${createHash("sha256").update(token, "utf8").digest("base64url")}`;

const pending = (now: Date) => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });

const VIEW = {
  id: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  createdBy: { select: { email: true } },
} as const;

function toView(row: {
  id: string;
  role: MembershipRole;
  createdAt: Date;
  expiresAt: Date;
  createdBy: { email: string };
}): InvitationView {
  return {
    id: row.id,
    role: row.role,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    createdByEmail: row.createdBy.email,
  };
}

export async function createInvitation(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
  expiresInDays: number,
  now = new Date(),
  clientIp?: string,
): Promise<{ invitation: InvitationView; token: string }> {
  await requireMembership(prisma, userId, organizationId, "OWNER");
  const token = randomBytes(32).toString("base64url");
  const row = await prisma.invitation.create({
    data: {
      organizationId,
      tokenHash: hashToken(token),
      role: "MEMBER",
      createdById: userId,
      expiresAt: new Date(now.getTime() + expiresInDays * 86_400_000),
    },
    select: VIEW,
  });
  await recordAdminAction(
    prisma,
    { userId, clientIp },
    "admin.invitation.created",
    {
      organizationId,
      invitationId: row.id,
      role: row.role,
      expiresAt: row.expiresAt.toISOString(),
    },
    now,
  );
  return { invitation: toView(row), token };
}

export async function listInvitations(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
  now = new Date(),
): Promise<InvitationView[]> {
  await requireMembership(prisma, userId, organizationId, "OWNER");
  const rows = await prisma.invitation.findMany({
    where: {
      organizationId,
      organization: { memberships: { some: { userId, role: "OWNER" } } },
      ...pending(now),
    },
    orderBy: { createdAt: "desc" },
    select: VIEW,
  });
  return rows.map(toView);
}

export async function revokeInvitation(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
  invitationId: string,
  now = new Date(),
  clientIp?: string,
): Promise<void> {
  await requireMembership(prisma, userId, organizationId, "OWNER");
  const { count } = await prisma.invitation.updateMany({
    where: { id: invitationId, organizationId, revokedAt: null, acceptedAt: null },
    data: { revokedAt: now },
  });
  if (count !== 1) throw notFound("Invitation");
  await recordAdminAction(
    prisma,
    { userId, clientIp },
    "admin.invitation.revoked",
    { organizationId, invitationId },
    now,
  );
}

const invalidLink = () =>
  new DomainError(
    "not_found",
    "This invitation link is not valid: it may have expired or been used.",
  );

/** What the invitation page shows before the user accepts. */
export async function previewInvitation(
  prisma: PrismaClient,
  userId: string,
  token: string,
  now = new Date(),
): Promise<{ organizationName: string; alreadyMember: boolean }> {
  const invitation = await prisma.invitation.findFirst({
    where: { tokenHash: hashToken(token), ...pending(now) },
    select: {
      organization: {
        select: { name: true, memberships: { where: { userId }, select: { id: true } } },
      },
    },
  });
  if (!invitation) throw invalidLink();
  return {
    organizationName: invitation.organization.name,
    alreadyMember: invitation.organization.memberships.length > 0,
  };
}

/** Joins the organization; the link is used up in the same transaction (single use). */
export async function acceptInvitation(
  prisma: PrismaClient,
  userId: string,
  token: string,
  now = new Date(),
): Promise<{ organizationId: string }> {
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: { tokenHash: hashToken(token), ...pending(now) },
      select: { id: true, organizationId: true, role: true },
    });
    if (!invitation) throw invalidLink();
    // Conditional update: of two concurrent accepts, only one finds the link unused.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: now, acceptedById: userId },
    });
    if (count !== 1) throw invalidLink();
    await tx.membership.upsert({
      where: { userId_organizationId: { userId, organizationId: invitation.organizationId } },
      // An existing member keeps their role (an owner is never demoted by a link).
      update: {},
      create: { userId, organizationId: invitation.organizationId, role: invitation.role },
    });
    return { organizationId: invitation.organizationId };
  });
}
