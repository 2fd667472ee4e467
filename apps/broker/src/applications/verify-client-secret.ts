/**
 * Checks a presented client secret against the application's stored hashes: every secret
 * that is neither revoked nor past its grace period counts, so a rotated secret keeps
 * working until its `expiresAt` (RFC 6749 §2.3.1 leaves rotation to the server).
 * The comparison is constant-time (verifyClientSecret) and runs over every hash, so the
 * answer's timing does not tell which secret matched.
 */
import type { PrismaClient } from "@lotse/db";
import { verifyClientSecret } from "@lotse/db/client-secrets";

/** lastUsedAt is informative; one write a minute per secret is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function verifyApplicationSecret(
  prisma: PrismaClient,
  clientId: string,
  secret: string,
  now = new Date(),
): Promise<boolean> {
  const app = await prisma.application.findUnique({
    where: { clientId },
    select: {
      enabled: true,
      type: true,
      secrets: {
        where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select: { id: true, hash: true },
      },
    },
  });
  if (!app?.enabled || app.type !== "CONFIDENTIAL") return false;
  let matched: string | undefined;
  for (const stored of app.secrets) {
    if (verifyClientSecret(secret, stored.hash)) matched ??= stored.id;
  }
  if (!matched) return false;
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
