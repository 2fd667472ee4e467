/** Password hashing with argon2id (OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1). */
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// 2 = Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    // A malformed stored hash is a failed check, never a crash of the sign-in.
    return false;
  }
}

/**
 * A real hash of a random password, verified when the account does not exist, so a
 * wrong email costs as much time as a wrong password (no account enumeration by timing).
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(32).toString("base64url"));
  return decoy;
}
