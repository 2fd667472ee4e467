/**
 * Login throttling per account and per client IP (OWASP Authentication Cheat Sheet,
 * "Protect against automated attacks"). Attempts are counted in fixed windows in
 * `RateLimitBucket`, shared by every portal instance. Each attempt is counted *before*
 * the password is checked, with one atomic upsert, so concurrent guesses cannot slip
 * past the limit; a successful sign-in then gives its counts back. Keys are by email,
 * whether or not the account exists, so throttling reveals nothing about accounts.
 */
import type { PrismaClient } from "@lotse/db";

export interface ThrottlePolicy {
  /** Failed attempts per account (email) per window. */
  perAccount: number;
  /** Failed attempts per client IP per window (many accounts from one place). */
  perIp: number;
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  perAccount: 5,
  perIp: 50,
  windowSeconds: 15 * 60,
};

const accountKey = (email: string) => `login:acct:${email}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

/** Counts one attempt under `key`; returns the count in the current window. */
export async function hit(
  prisma: PrismaClient,
  key: string,
  windowSeconds: number,
): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ count: number }>>`
    insert into "RateLimitBucket" ("key", "count", "resetAt")
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict ("key") do update set
      "count" = case when "RateLimitBucket"."resetAt" <= now() then 1 else "RateLimitBucket"."count" + 1 end,
      "resetAt" = case when "RateLimitBucket"."resetAt" <= now() then excluded."resetAt" else "RateLimitBucket"."resetAt" end
    returning "count"`;
  return rows[0]!.count;
}

/** Counts a sign-in attempt; true when the account or the IP is over its limit. */
export async function countAttempt(
  prisma: PrismaClient,
  email: string,
  ip: string | undefined,
  policy: ThrottlePolicy,
): Promise<boolean> {
  const [account, fromIp] = await Promise.all([
    hit(prisma, accountKey(email), policy.windowSeconds),
    ip ? hit(prisma, ipKey(ip), policy.windowSeconds) : 0,
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
  await prisma.rateLimitBucket.deleteMany({ where: { key: accountKey(email) } });
  if (ip) {
    await prisma.rateLimitBucket.updateMany({
      where: { key: ipKey(ip), count: { gt: 0 } },
      data: { count: { decrement: 1 } },
    });
  }
}
