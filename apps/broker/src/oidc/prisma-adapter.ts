/**
 * oidc-provider's storage adapter on the `OidcPayload` table: every model (Session,
 * Interaction, AuthorizationCode, AccessToken, RefreshToken, Grant, PAR, CIBA, replay
 * detection, … and our own UpstreamAccount) in one table keyed by (id, type). Rows past
 * `expiresAt` count as absent; expired-cleanup.ts deletes them later. Nothing here is
 * kept in process memory, so any number of broker instances share one state
 * (DESIGN.md §3 "Stateless services"). An id PostgreSQL cannot hold (a NUL, a lone
 * surrogate) was never stored, so a lookup by it finds nothing without asking
 * (docs/security.md "Malformed text").
 *
 * With `secrecy` (every oidc-provider model, adapter-factory.ts) ids are stored only as
 * HMAC-SHA-256 digests and a payload's `jti` only encrypted (A256GCM): for opaque access and
 * refresh tokens, codes and sessions the id *is* the bearer secret, so a copy of the
 * database must not hand out usable tokens or sessions (docs/security.md "Secrets at rest").
 * The `jti` stays readable to us because Session.findByUid must return it.
 *
 * `find`, `findByUid`, `upsert`, `consume` and `destroy`, every query of a login and a refresh,
 * go through payload-sql.ts (node-postgres, prepared) on the pool of the client (which must
 * come from createPrismaClient); the rest, rare, through Prisma.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { requirePool, type PrismaClient } from "@lotse/db";
import { isWellFormedText } from "@lotse/domain";
import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import { payloadSqlFor, type PayloadSql } from "./payload-sql.js";

/** Keys for storing ids and `jti`s so that the table holds neither in clear. */
export interface StorageSecrecy {
  /** HMAC key for stored ids. */
  idKey: Buffer;
  /** AES-256-GCM key for a payload's `jti`. */
  jtiKey: Buffer;
}

const SEALED = "sealed:v1:";

function seal(key: Buffer, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

function unseal(key: Buffer, value: string): string {
  const raw = Buffer.from(value.slice(SEALED.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

function epoch(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function isLive(row: { expiresAt: Date | null }): boolean {
  return row.expiresAt === null || row.expiresAt.getTime() > Date.now();
}

export class PrismaAdapter implements Adapter {
  private readonly sql: PayloadSql;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly type: string,
    private readonly secrecy?: StorageSecrecy,
  ) {
    this.sql = payloadSqlFor(requirePool(prisma, "oidc-provider's storage"));
  }

  /** The id as stored: its HMAC (per model type) when the adapter keeps ids secret. */
  private key(id: string, type = this.type): string {
    if (!this.secrecy) return id;
    return createHmac("sha256", this.secrecy.idKey).update(`${type}\0${id}`).digest("base64url");
  }

  private sealJti(payload: AdapterPayload): AdapterPayload {
    if (!this.secrecy || typeof payload.jti !== "string") return payload;
    return { ...payload, jti: seal(this.secrecy.jtiKey, payload.jti) };
  }

  private unsealJti(payload: AdapterPayload): AdapterPayload {
    if (!this.secrecy || typeof payload.jti !== "string" || !payload.jti.startsWith(SEALED))
      return payload;
    return { ...payload, jti: unseal(this.secrecy.jtiKey, payload.jti) };
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    id = this.key(id);
    const grantId = typeof payload.grantId === "string" ? payload.grantId : null;
    const userCode = typeof payload.userCode === "string" ? payload.userCode : null;
    const uid = typeof payload.uid === "string" ? payload.uid : null;
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    await this.sql.upsert({
      id,
      type: this.type,
      payload: this.sealJti(payload),
      grantId,
      userCode,
      uid,
      expiresAt,
    });
  }

  private toPayload(
    row: { payload: unknown; consumedAt: Date | null; expiresAt: Date | null } | null,
  ): AdapterPayload | undefined {
    if (!row || !isLive(row)) return undefined;
    const payload = this.unsealJti(row.payload as AdapterPayload);
    return row.consumedAt ? { ...payload, consumed: epoch(row.consumedAt) } : payload;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (!isWellFormedText(id)) return undefined;
    return this.toPayload(await this.sql.find(this.key(id), this.type));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    if (!isWellFormedText(uid)) return undefined;
    return this.toPayload(await this.sql.findByUid(uid, this.type));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    if (!isWellFormedText(userCode)) return undefined;
    return this.toPayload(
      await this.prisma.oidcPayload.findFirst({ where: { userCode, type: this.type } }),
    );
  }

  /**
   * Marks a code or token consumed, once. oidc-provider 9.13 reads `consumed` through `find`
   * and calls `consume` before it issues anything (authorization_code: `consumeGrantSource`
   * before `issueTokens`; refresh_token with rotation: `refreshToken.consume()` before the new
   * tokens are saved), but two requests can both read "unconsumed" before either writes.
   * The conditional UPDATE lets exactly one through (PostgreSQL re-checks `consumedAt IS NULL`
   * after waiting on the row lock). Every other request is a reuse and ends as oidc-provider
   * ends a reuse it sees in `find`: the grant and all its tokens are revoked (RFC 6749
   * §4.1.2, RFC 9700 §4.14.2) and its own error answers (a thrown OIDCProviderError is
   * rendered by the endpoint's error handler). The adapter has no request context, so the
   * revocation is done here in the table, as `revoke()` would through each model's adapter.
   */
  async consume(id: string): Promise<void> {
    id = this.key(id);
    if (await this.sql.consume(id, this.type)) return;
    if (this.type === "PushedAuthorizationRequest") {
      // The message authorization/respond.js gives for a request_uri it sees consumed.
      throw new errors.InvalidRequestUri("request_uri is invalid, expired, or was already used");
    }
    const row = await this.prisma.oidcPayload.findUnique({
      where: { id_type: { id, type: this.type } },
      select: { grantId: true },
    });
    if (row?.grantId) {
      await this.prisma.oidcPayload.deleteMany({
        where: {
          OR: [
            {
              grantId: row.grantId,
              type: {
                in: [
                  "AccessToken",
                  "RefreshToken",
                  "AuthorizationCode",
                  "DeviceCode",
                  "BackchannelAuthenticationRequest",
                  "PreAuthorizedCode",
                ],
              },
            },
            { id: this.key(row.grantId, "Grant"), type: "Grant" },
          ],
        },
      });
    }
    throw new errors.InvalidGrant(`${this.type} already consumed`);
  }

  async destroy(id: string): Promise<void> {
    if (!isWellFormedText(id)) return;
    await this.sql.destroy(this.key(id), this.type);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.prisma.oidcPayload.deleteMany({ where: { grantId, type: this.type } });
  }
}
