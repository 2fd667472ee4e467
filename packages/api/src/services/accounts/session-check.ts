/**
 * Whether a portal session (a next-auth JWT) is still good. A JWT cannot be revoked, so
 * it carries the user's session version from sign-in, and every check compares it with the
 * user's row: a password change raises the version, and every session issued before it is
 * refused from then on (OWASP Session Management Cheat Sheet, "Renew the session ID after
 * any privilege level change"; ASVS 3.3.3). A disabled or deleted user is refused too.
 */
import type { PrismaClient, UserRole } from "@lotse/db";

export interface CurrentSessionUser {
  id: string;
  email: string;
  role: UserRole;
  sessionVersion: number;
}

/**
 * The user behind a session issued with `sessionVersion`, or null when the session no
 * longer counts. Sessions issued before versions existed carry none and count as 0.
 */
export async function currentSessionUser(
  prisma: PrismaClient,
  userId: string,
  sessionVersion: number | undefined,
): Promise<CurrentSessionUser | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, role: true, disabled: true, sessionVersion: true },
  });
  if (!user || user.disabled || user.sessionVersion !== (sessionVersion ?? 0)) return null;
  return { id: user.id, email: user.email, role: user.role, sessionVersion: user.sessionVersion };
}
