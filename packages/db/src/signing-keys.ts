/**
 * The part of a signing-key rotation that needs no key-encryption key (KEK), shared by the
 * broker (`keys:rotate`, key creation at start) and the portal's admin console: the lock
 * that serialises them, and the promotion RETIRED ← CURRENT, CURRENT ← NEXT. Creating a
 * key needs the KEK, so that stays in the broker (apps/broker/src/keys/).
 */
import type { PrismaClient } from "./client.js";
import type { Prisma } from "./generated/prisma/client.js";

/** The OIDC signing algorithms, in the broker's order of preference (RS256 is the default). */
export const OIDC_SIGNING_ALGS = ["RS256", "ES256"] as const;
export type OidcSigningAlg = (typeof OIDC_SIGNING_ALGS)[number];

export type SigningKeyTransaction = Prisma.TransactionClient;

/**
 * Serialises key creation and rotation across broker instances, the CLI and the portal: a
 * transaction-scoped PostgreSQL advisory lock, released at commit.
 */
export async function withSigningKeyLock<T>(
  prisma: PrismaClient,
  work: (tx: SigningKeyTransaction) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('lotse:signing-keys'))`;
    return work(tx);
  });
}

export interface OidcPromotion {
  /** Kids moved from CURRENT to RETIRED. */
  retired: string[];
  /** Kids moved from NEXT to CURRENT. */
  current: string[];
  /** Algorithms that had no NEXT key: their CURRENT was retired and nothing replaced it. */
  withoutNext: OidcSigningAlg[];
}

/**
 * For each OIDC algorithm: RETIRED ← CURRENT, CURRENT ← the oldest NEXT. Call it inside
 * `withSigningKeyLock`; the caller decides what an algorithm without NEXT means (the
 * broker creates a fresh CURRENT, the portal refuses by throwing, which rolls back).
 * Relying parties already hold the promoted key: it was published in the JWKS as NEXT.
 */
export async function promoteOidcKeys(
  tx: SigningKeyTransaction,
  now: Date,
): Promise<OidcPromotion> {
  const result: OidcPromotion = { retired: [], current: [], withoutNext: [] };
  for (const alg of OIDC_SIGNING_ALGS) {
    const current = await tx.signingKey.findMany({
      where: { purpose: "OIDC", alg, state: "CURRENT" },
      select: { id: true, kid: true },
    });
    const next = await tx.signingKey.findFirst({
      where: { purpose: "OIDC", alg, state: "NEXT" },
      orderBy: { createdAt: "asc" },
      select: { id: true, kid: true },
    });
    for (const key of current) {
      await tx.signingKey.update({
        where: { id: key.id },
        data: { state: "RETIRED", retiredAt: now },
      });
      result.retired.push(key.kid);
    }
    if (next) {
      await tx.signingKey.update({
        where: { id: next.id },
        data: { state: "CURRENT", activatedAt: now },
      });
      result.current.push(next.kid);
    } else {
      result.withoutNext.push(alg);
    }
  }
  return result;
}

/**
 * OIDC algorithms that have a CURRENT key but no NEXT: a rotation from the admin console
 * that no broker start has completed yet (a first start has no CURRENT either).
 * `keys:rotate` refuses then, or it would promote a NEXT key nobody has seen published.
 */
export async function oidcAlgsAwaitingNext(
  db: Pick<PrismaClient, "signingKey"> | SigningKeyTransaction,
): Promise<OidcSigningAlg[]> {
  const keys = await db.signingKey.findMany({
    where: { purpose: "OIDC", state: { in: ["CURRENT", "NEXT"] } },
    select: { alg: true, state: true },
  });
  return OIDC_SIGNING_ALGS.filter(
    (alg) =>
      keys.some((key) => key.alg === alg && key.state === "CURRENT") &&
      !keys.some((key) => key.alg === alg && key.state === "NEXT"),
  );
}
