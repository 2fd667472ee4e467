/**
 * Server secrets derived from the KEK with HKDF-SHA256 (RFC 5869), one `info` label per
 * purpose. Every broker instance with the same KEK derives the same values, so nothing
 * needs to be stored or shared besides the KEK (DESIGN.md §3 "Stateless services"). After a
 * KEK rotation they are derived from the root the database keeps (`kek.root`,
 * secret-root.ts), which is the first KEK's bytes: a rotation changes no sub and no cookie key.
 */
import { hkdfSync } from "node:crypto";
import type { Kek } from "./kek.js";

export type SecretPurpose =
  | "cookie-signing"
  | "client-secret-standin"
  | "subject"
  | "account-encryption"
  | "stored-id"
  | "stored-jti"
  | "ciba-request";

export function deriveSecret(kek: Kek, purpose: SecretPurpose, length = 32): Buffer {
  return Buffer.from(
    hkdfSync("sha256", kek.root ?? kek.key, Buffer.alloc(0), `lotse:${purpose}:v1`, length),
  );
}

export interface DerivedSecrets {
  /** Keygrip keys for oidc-provider's signed cookies. */
  cookieKeys: string[];
  /** HMAC key for the per-client stand-in secret (applications/client-secret-standin.ts). */
  clientSecretKey: Buffer;
  /** HMAC key for subject identifiers (accounts/subject.ts). */
  subjectKey: Buffer;
  /** A256GCM key for stored upstream identities (accounts/account-store.ts). */
  accountKey: Uint8Array;
  /** HMAC key for stored token and session ids, A256GCM key for stored `jti`s (oidc/prisma-adapter.ts). */
  storage: { idKey: Buffer; jtiKey: Buffer };
  /** A256GCM key for the auth_req_id and notification token kept with a CIBA request (login/ciba.ts). */
  cibaKey: Uint8Array;
}

export function deriveSecrets(kek: Kek): DerivedSecrets {
  return {
    cookieKeys: [deriveSecret(kek, "cookie-signing").toString("base64url")],
    clientSecretKey: deriveSecret(kek, "client-secret-standin"),
    subjectKey: deriveSecret(kek, "subject"),
    accountKey: new Uint8Array(deriveSecret(kek, "account-encryption")),
    storage: { idKey: deriveSecret(kek, "stored-id"), jtiKey: deriveSecret(kek, "stored-jti") },
    cibaKey: new Uint8Array(deriveSecret(kek, "ciba-request")),
  };
}
