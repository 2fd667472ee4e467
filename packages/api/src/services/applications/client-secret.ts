import { randomBytes } from "node:crypto";
import { hashClientSecret, secretPrefix } from "@lotse/db/client-secrets";

/**
 * A new client secret: 32 random bytes (256 bits, DESIGN.md §3), base64url. Only its
 * hash and first characters are stored; the value is returned to the developer once.
 */
export function generateClientSecret(): { value: string; hash: string; prefix: string } {
  const value = randomBytes(32).toString("base64url");
  return { value, hash: hashClientSecret(value), prefix: secretPrefix(value) };
}

/** OAuth client_id: random, URL-safe, not guessable from the name. */
export function generateClientId(): string {
  return `lotse_${randomBytes(15).toString("base64url")}`;
}
