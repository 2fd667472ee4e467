/**
 * oidc-provider's hot storage statements (find, findByUid, upsert, consume, destroy on
 * `OidcPayload`) sent with node-postgres directly, as named prepared statements, on the pool
 * Prisma uses (poolOf).
 * Issue 16's CPU profile: Prisma's client runtime cost about 0.7 ms of CPU per query, a
 * third of the broker's CPU in a refresh; these statements are nine in ten of a refresh's
 * queries and two thirds of a login's (docs/performance.md "CPU per request").
 *
 * Reads made in the same tick are sent as one statement, as Prisma's batching did
 * (introspection looks up an access and a refresh token at once).
 *
 * Times: the columns are `timestamp(3)` without time zone holding UTC, as Prisma writes
 * them. They are read as epoch milliseconds and written as ISO strings, whose zone suffix
 * PostgreSQL ignores for that type, so the session's TimeZone never matters.
 */
import type { poolOf } from "@lotse/db";

type Pool = NonNullable<ReturnType<typeof poolOf>>;

export interface PayloadRow {
  payload: unknown;
  grantId: string | null;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

interface RawRow {
  id: string;
  type: string;
  payload: unknown;
  grantId: string | null;
  expiresMs: number | null;
  consumedMs: number | null;
}

const COLUMNS = `p."id", p."type", p."payload", p."grantId",
  (extract(epoch from p."expiresAt") * 1000)::float8 as "expiresMs",
  (extract(epoch from p."consumedAt") * 1000)::float8 as "consumedMs"`;

const FIND_ONE = {
  name: "lotse_oidc_payload_find",
  text: `select ${COLUMNS} from "OidcPayload" p where p."id" = $1 and p."type" = $2`,
};
const FIND_MANY = {
  name: "lotse_oidc_payload_find_many",
  text: `select ${COLUMNS} from "OidcPayload" p
    join unnest($1::text[], $2::text[]) as k("id", "type") on p."id" = k."id" and p."type" = k."type"`,
};
// Session.findByUid (the token endpoint checks the code's session) and an interaction's end.
const FIND_BY_UID = {
  name: "lotse_oidc_payload_find_by_uid",
  text: `select ${COLUMNS} from "OidcPayload" p where p."uid" = $1 and p."type" = $2 limit 1`,
};
const DESTROY = {
  name: "lotse_oidc_payload_destroy",
  text: `delete from "OidcPayload" where "id" = $1 and "type" = $2`,
};
// consumedAt is left alone on update: a consumed code or token never becomes fresh again.
const UPSERT = {
  name: "lotse_oidc_payload_upsert",
  text: `insert into "OidcPayload" ("id", "type", "payload", "grantId", "userCode", "uid", "expiresAt", "createdAt")
    values ($1, $2, $3::jsonb, $4, $5, $6, $7::timestamp, $8::timestamp)
    on conflict ("id", "type") do update set "payload" = excluded."payload",
      "grantId" = excluded."grantId", "userCode" = excluded."userCode", "uid" = excluded."uid",
      "expiresAt" = excluded."expiresAt"`,
};
const CONSUME = {
  name: "lotse_oidc_payload_consume",
  text: `update "OidcPayload" set "consumedAt" = $3::timestamp
    where "id" = $1 and "type" = $2 and "consumedAt" is null`,
};

function toRow(raw: RawRow): PayloadRow {
  return {
    payload: raw.payload,
    grantId: raw.grantId,
    expiresAt: raw.expiresMs === null ? null : new Date(raw.expiresMs),
    consumedAt: raw.consumedMs === null ? null : new Date(raw.consumedMs),
  };
}

interface PendingFind {
  id: string;
  type: string;
  resolve(row: PayloadRow | null): void;
  reject(error: unknown): void;
}

export class PayloadSql {
  private pending: PendingFind[] = [];

  constructor(private readonly pool: Pool) {}

  find(id: string, type: string): Promise<PayloadRow | null> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) process.nextTick(() => void this.flush());
      this.pending.push({ id, type, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      if (batch.length === 1) {
        const [only] = batch as [PendingFind];
        const { rows } = await this.pool.query<RawRow>({
          ...FIND_ONE,
          values: [only.id, only.type],
        });
        only.resolve(rows[0] ? toRow(rows[0]) : null);
        return;
      }
      const { rows } = await this.pool.query<RawRow>({
        ...FIND_MANY,
        values: [batch.map((find) => find.id), batch.map((find) => find.type)],
      });
      const byKey = new Map(rows.map((row) => [`${row.type}\0${row.id}`, row]));
      for (const find of batch) {
        const row = byKey.get(`${find.type}\0${find.id}`);
        find.resolve(row ? toRow(row) : null);
      }
    } catch (error) {
      for (const find of batch) find.reject(error);
    }
  }

  async findByUid(uid: string, type: string): Promise<PayloadRow | null> {
    const { rows } = await this.pool.query<RawRow>({ ...FIND_BY_UID, values: [uid, type] });
    return rows[0] ? toRow(rows[0]) : null;
  }

  async destroy(id: string, type: string): Promise<void> {
    await this.pool.query({ ...DESTROY, values: [id, type] });
  }

  async upsert(row: {
    id: string;
    type: string;
    payload: unknown;
    grantId: string | null;
    userCode: string | null;
    uid: string | null;
    expiresAt: Date | null;
  }): Promise<void> {
    await this.pool.query({
      ...UPSERT,
      values: [
        row.id,
        row.type,
        // JSON.stringify drops `undefined` members, which JSONB cannot hold.
        JSON.stringify(row.payload),
        row.grantId,
        row.userCode,
        row.uid,
        row.expiresAt?.toISOString() ?? null,
        new Date().toISOString(),
      ],
    });
  }

  /** Marks the row consumed if it was not; whether this call did. */
  async consume(id: string, type: string): Promise<boolean> {
    const { rowCount } = await this.pool.query({
      ...CONSUME,
      values: [id, type, new Date().toISOString()],
    });
    return rowCount === 1;
  }
}

const shared = new WeakMap<Pool, PayloadSql>();

/** One per pool, so that reads of every model in the same tick share a statement. */
export function payloadSqlFor(pool: Pool): PayloadSql {
  let sql = shared.get(pool);
  if (!sql) {
    sql = new PayloadSql(pool);
    shared.set(pool, sql);
  }
  return sql;
}
