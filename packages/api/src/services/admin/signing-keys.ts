/**
 * The broker's signing keys, read-only. Rotating needs the key-encryption key (KEK) to
 * encrypt the new private key, and the KEK is the broker's secret: the portal never holds
 * it, so rotation stays the broker's `keys:rotate` command (docs/portal.md, "Admin").
 */
import type { KeyPurpose, PrismaClient, SigningKeyState } from "@lotse/db";

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
