/**
 * Deletes expired oidc-provider rows, rate-limit windows, SMART launches and contexts, and
 * CIBA requests once a minute. Readers already treat expired rows as absent; this only keeps the tables
 * small. The timer is unref'd so it never keeps a process alive, and several instances
 * running it at once is harmless.
 */
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";

/** How long a CIBA request's row outlives the request. */
const CIBA_KEPT_AFTER_EXPIRY_MS = 60 * 60_000;

export async function deleteExpired(prisma: PrismaClient, now = new Date()): Promise<number> {
  const payloads = await prisma.oidcPayload.deleteMany({ where: { expiresAt: { lt: now } } });
  await prisma.rateLimitBucket.deleteMany({ where: { resetAt: { lt: now } } });
  await prisma.smartLaunch.deleteMany({ where: { expiresAt: { lt: now } } });
  await prisma.smartContext.deleteMany({ where: { expiresAt: { lt: now } } });
  // Kept a while past expiry, so a late poll is told expired_token (ciba/token-pace.ts).
  await prisma.cibaRequest.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - CIBA_KEPT_AFTER_EXPIRY_MS) } },
  });
  return payloads.count;
}

export function startExpiredCleanup(
  prisma: PrismaClient,
  logger: Logger,
  intervalMs = 60_000,
): () => void {
  const timer = setInterval(() => {
    deleteExpired(prisma).catch((error: Error) =>
      logger.warn({ err: error.message }, "expired-row cleanup failed"),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
