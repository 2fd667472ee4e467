/** Portal accounts: sign up, credential check for next-auth, change password. */
import type { PrismaClient, UserRole } from "@lotse/db";
import { Prisma } from "@lotse/db";
import { conflict, DomainError, invalid } from "../../errors.js";
import type { ChangePasswordInput, SignInInput, SignUpInput } from "../../schemas/accounts.js";
import { signInInput } from "../../schemas/accounts.js";
import { decoyHash, hashPassword, verifyPassword } from "./password.js";
import {
  countAttempt,
  DEFAULT_THROTTLE,
  forgiveAttempt,
  hit,
  type ThrottlePolicy,
} from "./login-throttle.js";

export interface AccountSummary {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
}

const SUMMARY = { id: true, email: true, name: true, role: true } as const;

/** Sign-ups per client IP per hour: each costs an argon2 hash and a row. */
export const SIGN_UPS_PER_IP_PER_HOUR = 50;

export async function signUp(
  prisma: PrismaClient,
  input: SignUpInput,
  clientIp: string | undefined,
): Promise<AccountSummary> {
  if (clientIp && (await hit(prisma, `signup:ip:${clientIp}`, 3600)) > SIGN_UPS_PER_IP_PER_HOUR) {
    throw new DomainError("rate_limited", "Too many sign-ups from your network. Try again later.");
  }
  const existing = await prisma.user.findUnique({ where: { email: input.email } });
  if (existing) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: SUMMARY,
    });
  } catch (error) {
    // Two sign-ups with the same email at once: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw emailTaken();
    }
    throw error;
  }
}

const emailTaken = () => conflict("An account with this email already exists.", ["email"]);

export type AuthenticationResult =
  | { ok: true; user: AccountSummary & { sessionVersion: number } }
  | { ok: false; reason: "invalid_credentials" | "throttled" };

/**
 * Checks an email and password. Wrong email, wrong password and disabled account give
 * the same answer (no account enumeration); only throttling is told apart, because it
 * is keyed by the typed email and so reveals nothing either.
 */
export async function authenticate(
  prisma: PrismaClient,
  credentials: unknown,
  clientIp: string | undefined,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
  now: Date = new Date(),
): Promise<AuthenticationResult> {
  const parsed = signInInput.safeParse(credentials);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password }: SignInInput = parsed.data;
  if (await countAttempt(prisma, email, clientIp, policy, now))
    return { ok: false, reason: "throttled" };

  const user = await prisma.user.findUnique({ where: { email } });
  const matches = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !user.passwordHash || !matches || user.disabled) {
    return { ok: false, reason: "invalid_credentials" };
  }
  await forgiveAttempt(prisma, email, clientIp);
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
    },
  };
}

/**
 * Sets a new password and raises the session version, so every session issued before,
 * the caller's own included, is refused from now on (session-check.ts). The portal signs
 * the caller in again with the new password. Returns the new version.
 */
export async function changePassword(
  prisma: PrismaClient,
  userId: string,
  input: ChangePasswordInput,
): Promise<number> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw invalid("The current password is not correct.", ["currentPassword"]);
  }
  if (input.currentPassword === input.newPassword) {
    throw invalid("Choose a password different from the current one.", ["newPassword"]);
  }
  const updated = await prisma.user.update({
    where: { id: userId },
    data: {
      passwordHash: await hashPassword(input.newPassword),
      sessionVersion: { increment: 1 },
    },
    select: { sessionVersion: true },
  });
  return updated.sessionVersion;
}

export async function getAccount(prisma: PrismaClient, userId: string): Promise<AccountSummary> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: SUMMARY });
  if (!user) throw new DomainError("unauthorized", "Sign in first.");
  return user;
}
