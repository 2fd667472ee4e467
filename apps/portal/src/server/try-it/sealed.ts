/**
 * Sealed values for the Try-it cookies: AES-256-GCM with a key derived from the session
 * secret, so the browser carries the login's PKCE verifier, state and nonce (and later the
 * claims) without being able to read or change them.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const keyFrom = (secret: string) =>
  Buffer.from(hkdfSync("sha256", secret, "", "lotse-portal-try-it", 32));

export function seal(secret: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
}

/** The sealed value, or undefined when it is malformed or was not sealed with this secret. */
export function unseal(secret: string, sealed: string | undefined): unknown {
  const [iv, body, tag] = (sealed ?? "").split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8"));
  } catch {
    return undefined;
  }
}
