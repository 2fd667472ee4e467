/**
 * Client secrets at rest (DESIGN.md §3 "Secrets"): the portal's API hashes a new secret,
 * the broker verifies a presented one, and the seed stores the development secrets the
 * same way. Production code, so it lives here and not in the seed.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Client secrets are random (≥ 256 bits), so a fast hash is as strong as a slow one here:
 * there is no dictionary to attack. Only this hash is stored (DESIGN.md §3 "Secrets").
 */
export function hashClientSecret(secret: string): string {
  return `sha256:${createHash("sha256").update(secret, "utf8").digest("base64url")}`;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function verifyClientSecret(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashClientSecret(secret));
  const stored = Buffer.from(storedHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** The first characters, shown in the portal so a developer can tell secrets apart. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, 8);
}
