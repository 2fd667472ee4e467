/**
 * Platform users, as an admin sees them. The caller is an admin (adminProcedure); this
 * service adds the one rule the role check cannot: an admin never locks themselves out,
 * so the platform cannot lose its last admin by accident. Every change is audited.
 */
import type { PrismaClient, UserRole } from "@lotse/db";
import { forbidden, notFound } from "../../errors.js";
import { accountLocks, DEFAULT_THROTTLE, unlockAccount } from "../accounts/login-throttle.js";
import { recordAdminAction, type Actor } from "../audit/admin-actions.js";

export interface AdminUserView {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  disabled: boolean;
  /** Until when failed sign-ins lock the account; null when it is not locked. */
  lockedUntil: Date | null;
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

async function toViews(prisma: PrismaClient, rows: Row[], now: Date): Promise<AdminUserView[]> {
  const locks = await accountLocks(
    prisma,
    rows.map((row) => row.email),
    DEFAULT_THROTTLE,
    now,
  );
  return rows.map(({ _count, ...user }) => ({
    ...user,
    lockedUntil: locks.get(user.email) ?? null,
    organizationCount: _count.memberships,
  }));
}

export async function listUsers(
  prisma: PrismaClient,
  now: Date = new Date(),
): Promise<AdminUserView[]> {
  const rows = await prisma.user.findMany({ select: VIEW, orderBy: { email: "asc" } });
  return toViews(prisma, rows, now);
}

export async function setUserDisabled(
  prisma: PrismaClient,
  actor: Actor,
  userId: string,
  disabled: boolean,
): Promise<AdminUserView> {
  if (userId === actor.userId && disabled) throw forbidden("You cannot disable your own account.");
  const before = await current(prisma, userId);
  const view = await update(prisma, userId, { disabled });
  if (before.disabled !== disabled) {
    await recordAdminAction(
      prisma,
      actor,
      disabled ? "admin.user.disabled" : "admin.user.enabled",
      {
        targetUserId: userId,
      },
    );
  }
  return view;
}

export async function setUserRole(
  prisma: PrismaClient,
  actor: Actor,
  userId: string,
  role: UserRole,
): Promise<AdminUserView> {
  if (userId === actor.userId && role !== "ADMIN")
    throw forbidden("You cannot remove your own admin role.");
  const before = await current(prisma, userId);
  const view = await update(prisma, userId, { role });
  if (before.role !== role) {
    await recordAdminAction(prisma, actor, "admin.user.role_changed", {
      targetUserId: userId,
      from: before.role,
      to: role,
    });
  }
  return view;
}

/**
 * Ends the lock that failed sign-ins put on an account (and forgets those failures), so a
 * locked-out person, an admin included, need not wait for it to expire.
 */
export async function unlockUser(
  prisma: PrismaClient,
  actor: Actor,
  userId: string,
): Promise<AdminUserView> {
  const user = await current(prisma, userId);
  const wasLocked = (await accountLocks(prisma, [user.email])).size > 0;
  await unlockAccount(prisma, user.email);
  if (wasLocked)
    await recordAdminAction(prisma, actor, "admin.user.unlocked", { targetUserId: userId });
  return view(prisma, userId);
}

async function current(prisma: PrismaClient, userId: string) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { email: true, role: true, disabled: true },
  });
  if (!user) throw notFound("User");
  return user;
}

async function view(prisma: PrismaClient, userId: string): Promise<AdminUserView> {
  const row = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: VIEW });
  const [result] = await toViews(prisma, [row], new Date());
  return result!;
}

async function update(
  prisma: PrismaClient,
  userId: string,
  data: { disabled?: boolean; role?: UserRole },
): Promise<AdminUserView> {
  // updateMany: a missing id is a count of 0, not an exception to translate.
  const { count } = await prisma.user.updateMany({ where: { id: userId }, data });
  if (count === 0) throw notFound("User");
  return view(prisma, userId);
}
