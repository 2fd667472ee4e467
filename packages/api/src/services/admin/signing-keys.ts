/**
 * The broker's signing keys: their public facts, and rotation from the admin console.
 * Creating a key needs the key-encryption key (KEK) to encrypt its private part, and the
 * KEK is the broker's secret, never the portal's. So the console only promotes, under the
 * broker's key lock (`@lotse/db/signing-keys`): RETIRED ← CURRENT, CURRENT ← NEXT. The
 * brokers sign with the promoted keys after their next restart, which also creates the new
 * NEXT keys; `keys:rotate` does both at once (docs/portal.md, "Admin"). A rotation from the
 * console is audited.
 */
import type { KeyPurpose, PrismaClient, SigningKeyState } from "@lotse/db";
import { promoteOidcKeys, withSigningKeyLock } from "@lotse/db/signing-keys";
import { conflict } from "../../errors.js";
import { recordAdminAction, type Actor } from "../audit/admin-actions.js";

export interface AdminSigningKeyView {
  kid: string;
  alg: string;
  purpose: KeyPurpose;
  use: string;
  state: SigningKeyState;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

const STATE_ORDER: Record<SigningKeyState, number> = { CURRENT: 0, NEXT: 1, RETIRED: 2 };

export async function listSigningKeys(prisma: PrismaClient): Promise<AdminSigningKeyView[]> {
  // The select is the guard: encryptedPrivateJwk is never read, let alone returned.
  const rows = await prisma.signingKey.findMany({
    select: {
      kid: true,
      alg: true,
      purpose: true,
      use: true,
      state: true,
      createdAt: true,
      activatedAt: true,
      retiredAt: true,
    },
  });
  // OIDC before FEDERATION, then CURRENT, NEXT, RETIRED, newest first.
  return rows.sort(
    (a, b) =>
      a.purpose.localeCompare(b.purpose) ||
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      b.createdAt.getTime() - a.createdAt.getTime(),
  );
}

export interface SigningKeyRotation {
  retired: string[];
  current: string[];
}

/**
 * Promotes the OIDC keys. Without a NEXT key for every algorithm it refuses: promoting
 * anyway would leave an algorithm with no CURRENT, or sign with a key relying parties have
 * never seen. A NEXT is missing when the last rotation has not been followed by a broker
 * restart yet (the restart creates it). Only kids and states are read, never key material.
 */
export async function rotateSigningKeys(
  prisma: PrismaClient,
  actor: Actor,
): Promise<SigningKeyRotation> {
  const rotation = await withSigningKeyLock(prisma, async (tx) => {
    const { retired, current, withoutNext } = await promoteOidcKeys(tx, new Date());
    // Thrown inside the transaction, so the promotion above is rolled back: nothing changes.
    if (withoutNext.length > 0) {
      throw conflict(
        "A rotation is waiting for the broker to restart: restart the broker instances, then rotate again.",
      );
    }
    return { retired, current };
  });
  // Kids only: they are public (the JWKS publishes them).
  await recordAdminAction(prisma, actor, "admin.keys.rotated", { ...rotation });
  return rotation;
}
