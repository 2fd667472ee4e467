/**
 * Login throttling per account and per client IP (OWASP Authentication Cheat Sheet,
 * "Protect against automated attacks" and "Account lockout"). Attempts are counted in
 * `RateLimitBucket`, shared by every portal instance. Each attempt is counted *before* the
 * password is checked, with one atomic upsert, so concurrent guesses cannot slip past the
 * limit; a successful sign-in then gives its counts back. Keys are by email, whether or
 * not the account exists, so throttling reveals nothing about accounts.
 *
 * The account lock is temporary by design: it ends `windowSeconds` after the failure that
 * set it, attempts during the lock do not extend it, and an admin can end it at once
 * (`unlockAccount`). Otherwise anyone who knows an admin's email could keep every admin
 * out of the console for good.
 */
import type { PrismaClient } from "@lotse/db";

export interface ThrottlePolicy {
  /** Failed attempts per account (email) that lock it. */
  perAccount: number;
  /** Failed attempts per client IP per window (many accounts from one place). */
  perIp: number;
  /**
   * Account: how long failures are remembered after the last one, and how long the lock
   * lasts after the failure that set it. IP: a fixed window.
   */
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  perAccount: 5,
  perIp: 50,
  windowSeconds: 15 * 60,
};

export const accountKey = (email: string) => `login:acct:${email}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);

// "resetAt" is timestamp(3) without a time zone holding UTC, as Prisma writes it; the
// parameters are instants, read in UTC whatever the session's time zone.
const utc = (date: Date) => date.toISOString();

/** Counts one attempt under `key` in a fixed window; returns the count in the window. */
export async function hit(
  prisma: PrismaClient,
  key: string,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ count: number }>>`
    insert into "RateLimitBucket" ("key", "count", "resetAt")
    values (${key}, 1, ${utc(later(now, windowSeconds))}::timestamp)
    on conflict ("key") do update set
      "count" = case when "RateLimitBucket"."resetAt" <= ${utc(now)}::timestamp then 1 else "RateLimitBucket"."count" + 1 end,
      "resetAt" = case when "RateLimitBucket"."resetAt" <= ${utc(now)}::timestamp then excluded."resetAt" else "RateLimitBucket"."resetAt" end
    returning "count"`;
  return rows[0]!.count;
}

/**
 * Counts an attempt on the account; returns the count. Below the limit every attempt
 * moves the end to `windowSeconds` from now (the lock counts from the last failure); at
 * the limit the account is locked and the end stays where it is, so attempts during the
 * lock (counted, and refused) cannot prolong it.
 */
async function hitAccount(
  prisma: PrismaClient,
  key: string,
  policy: ThrottlePolicy,
  now: Date,
): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ count: number }>>`
    insert into "RateLimitBucket" ("key", "count", "resetAt")
    values (${key}, 1, ${utc(later(now, policy.windowSeconds))}::timestamp)
    on conflict ("key") do update set
      "count" = case when "RateLimitBucket"."resetAt" <= ${utc(now)}::timestamp then 1 else "RateLimitBucket"."count" + 1 end,
      "resetAt" = case
        when "RateLimitBucket"."resetAt" <= ${utc(now)}::timestamp
          or "RateLimitBucket"."count" < ${policy.perAccount} then excluded."resetAt"
        else "RateLimitBucket"."resetAt" end
    returning "count"`;
  return rows[0]!.count;
}

/** Counts a sign-in attempt; true when the account is locked or the IP over its limit. */
export async function countAttempt(
  prisma: PrismaClient,
  email: string,
  ip: string | undefined,
  policy: ThrottlePolicy,
  now: Date = new Date(),
): Promise<boolean> {
  const [account, fromIp] = await Promise.all([
    hitAccount(prisma, accountKey(email), policy, now),
    ip ? hit(prisma, ipKey(ip), policy.windowSeconds, now) : 0,
  ]);
  return account > policy.perAccount || fromIp > policy.perIp;
}

/**
 * After a successful sign-in: the account starts afresh, and the IP gets its attempt
 * back, so an office behind one address is limited by its failures, not its logins.
 */
export async function forgiveAttempt(
  prisma: PrismaClient,
  email: string,
  ip: string | undefined,
): Promise<void> {
  await unlockAccount(prisma, email);
  if (ip) {
    await prisma.rateLimitBucket.updateMany({
      where: { key: ipKey(ip), count: { gt: 0 } },
      data: { count: { decrement: 1 } },
    });
  }
}

/** Forgets the account's failures: it is unlocked at once (an admin's action, or a sign-in). */
export async function unlockAccount(prisma: PrismaClient, email: string): Promise<void> {
  await prisma.rateLimitBucket.deleteMany({ where: { key: accountKey(email) } });
}

/** When the lock of each locked account among `emails` ends. */
export async function accountLocks(
  prisma: PrismaClient,
  emails: string[],
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
  now: Date = new Date(),
): Promise<Map<string, Date>> {
  const rows = await prisma.rateLimitBucket.findMany({
    where: {
      key: { in: emails.map(accountKey) },
      count: { gte: policy.perAccount },
      resetAt: { gt: now },
    },
    select: { key: true, resetAt: true },
  });
  const prefix = accountKey("").length;
  return new Map(rows.map((row) => [row.key.slice(prefix), row.resetAt]));
}
