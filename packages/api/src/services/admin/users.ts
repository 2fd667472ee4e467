/**
 * Platform users, as an admin sees them. The caller is an admin (adminProcedure); this
 * service adds the one rule the role check cannot: an admin never locks themselves out,
 * so the platform cannot lose its last admin by accident.
 */
import type { PrismaClient, UserRole } from "@lotse/db";
import { forbidden, notFound } from "../../errors.js";

export interface AdminUserView {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  disabled: boolean;
  createdAt: Date;
  organizationCount: number;
}

const VIEW = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  createdAt: true,
  _count: { select: { memberships: true } },
} as const;

type Row = {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  disabled: boolean;
  createdAt: Date;
  _count: { memberships: number };
};

const toView = ({ _count, ...user }: Row): AdminUserView => ({
  ...user,
  organizationCount: _count.memberships,
});

export async function listUsers(prisma: PrismaClient): Promise<AdminUserView[]> {
  const rows = await prisma.user.findMany({ select: VIEW, orderBy: { email: "asc" } });
  return rows.map(toView);
}

export async function setUserDisabled(
  prisma: PrismaClient,
  adminId: string,
  userId: string,
  disabled: boolean,
): Promise<AdminUserView> {
  if (userId === adminId && disabled) throw forbidden("You cannot disable your own account.");
  return update(prisma, userId, { disabled });
}

export async function setUserRole(
  prisma: PrismaClient,
  adminId: string,
  userId: string,
  role: UserRole,
): Promise<AdminUserView> {
  if (userId === adminId && role !== "ADMIN")
    throw forbidden("You cannot remove your own admin role.");
  return update(prisma, userId, { role });
}

async function update(
  prisma: PrismaClient,
  userId: string,
  data: { disabled?: boolean; role?: UserRole },
): Promise<AdminUserView> {
  // updateMany: a missing id is a count of 0, not an exception to translate.
  const { count } = await prisma.user.updateMany({ where: { id: userId }, data });
  if (count === 0) throw notFound("User");
  const row = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: VIEW });
  return toView(row);
}
