/**
 * Upstream identities, kept only as long as a grant may need them (DESIGN.md §3 "Data
 * minimisation"): encrypted (JWE dir/A256GCM, KEK-derived key) in `OidcPayload` as the
 * custom model "UpstreamAccount", expiring with the application's refresh-token lifetime.
 * One record per (application, account id), under an opaque HMAC id, so the table shows
 * neither which application nor which person a row belongs to.
 */
import { createHmac } from "node:crypto";
import type { PrismaClient } from "@lotse/db";
import { decryptJson, encryptJson } from "../keys/jwe.js";
import { PrismaAdapter } from "../oidc/prisma-adapter.js";
import type { UpstreamIdentity } from "./upstream-identity.js";

export const ACCOUNT_MODEL = "UpstreamAccount";
const KEY_ID = "account-v1";

export interface AccountStore {
  save(
    clientId: string,
    accountId: string,
    identity: UpstreamIdentity,
    ttlSeconds: number,
  ): Promise<void>;
  load(clientId: string, accountId: string): Promise<UpstreamIdentity | undefined>;
}

export function createAccountStore(
  prisma: PrismaClient,
  keys: { subjectKey: Buffer; accountKey: Uint8Array },
): AccountStore {
  const adapter = new PrismaAdapter(prisma, ACCOUNT_MODEL);
  const recordId = (clientId: string, accountId: string) =>
    createHmac("sha256", keys.subjectKey)
      .update(`account\0${clientId}\0${accountId}`)
      .digest("base64url");

  return {
    async save(clientId, accountId, identity, ttlSeconds) {
      const jwe = await encryptJson(identity, keys.accountKey, KEY_ID);
      await adapter.upsert(recordId(clientId, accountId), { jwe } as never, ttlSeconds);
    },
    async load(clientId, accountId) {
      const stored = (await adapter.find(recordId(clientId, accountId))) as
        { jwe?: unknown } | undefined;
      if (typeof stored?.jwe !== "string") return undefined;
      return decryptJson<UpstreamIdentity>(stored.jwe, keys.accountKey);
    },
  };
}
