/**
 * Client secrets are stored only as hashes (DESIGN.md §3), but oidc-provider compares the
 * presented `client_secret` with the client's `client_secret` metadata itself. So the
 * client metadata carries a stand-in: HMAC(client id) under a KEK-derived key. The
 * client-authentication middleware (client-auth.ts) swaps a verified secret for this
 * stand-in and a wrong one for a value that never matches. The stand-in never leaves the
 * server and differs per client, so knowing it for one client gives nothing for another.
 */
import { createHmac, randomBytes } from "node:crypto";

export function clientSecretStandIn(key: Buffer, clientId: string): string {
  return createHmac("sha256", key).update(`client-secret\0${clientId}`).digest("base64url");
}

/** Random, so it equals no stand-in; oidc-provider then answers `invalid_client` itself. */
export function neverMatchingSecret(): string {
  return `invalid-${randomBytes(32).toString("base64url")}`;
}
