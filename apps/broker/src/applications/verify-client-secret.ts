/**
 * Checks a presented client secret against the application's stored hashes: every secret
 * that is neither revoked nor past its grace period counts, so a rotated secret keeps
 * working until its `expiresAt` (RFC 6749 §2.3.1 leaves rotation to the server).
 * The comparison is constant-time (verifyClientSecret) and runs over every hash, so the
 * answer's timing does not tell which secret matched.
 */
import type { PrismaClient } from "@lotse/db";
import { verifyClientSecret } from "@lotse/db/client-secrets";
import { NO_APPLICATION_CACHE, type ApplicationCache } from "./application-cache.js";

/** lastUsedAt is informative; one write a minute per secret is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * When this process last wrote a secret's lastUsedAt: the write (an UPDATE that usually
 * changes nothing) is skipped within the resolution, not sent to be refused by its WHERE.
 * Only ids of secrets that matched get here, so it holds no more than the real secrets.
 */
const lastWritten = new Map<string, number>();

/** Secrets that are not revoked; whether one is past its grace period is checked per use. */
function secretsOf(prisma: PrismaClient, cache: ApplicationCache, clientId: string) {
  return cache.get(`secrets:${clientId}`, async () => {
    const app = await prisma.application.findUnique({
      where: { clientId },
      select: {
        enabled: true,
        type: true,
        secrets: { where: { revokedAt: null }, select: { id: true, hash: true, expiresAt: true } },
      },
    });
    return app ?? undefined;
  });
}

export async function verifyApplicationSecret(
  prisma: PrismaClient,
  clientId: string,
  secret: string,
  now = new Date(),
  cache: ApplicationCache = NO_APPLICATION_CACHE,
): Promise<boolean> {
  const app = await secretsOf(prisma, cache, clientId);
  if (!app?.enabled || app.type !== "CONFIDENTIAL") return false;
  let matched: string | undefined;
  for (const stored of app.secrets) {
    if (stored.expiresAt && stored.expiresAt <= now) continue;
    if (verifyClientSecret(secret, stored.hash)) matched ??= stored.id;
  }
  if (!matched) return false;
  if (now.getTime() - (lastWritten.get(matched) ?? -Infinity) < LAST_USED_RESOLUTION_MS)
    return true;
  lastWritten.set(matched, now.getTime());
  await prisma.clientSecret.updateMany({
    where: {
      id: matched,
      OR: [
        { lastUsedAt: null },
        { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } },
      ],
    },
    data: { lastUsedAt: now },
  });
  return true;
}
