/**
 * Pending upstream logins, keyed by the `state` sent to the insurer IDP. Kept in the
 * database (DESIGN.md §3 "Stateless services": the callback may reach another broker
 * instance) and consumed exactly once: a replayed callback finds nothing. A state
 * PostgreSQL cannot hold (a NUL, a lone surrogate) was never saved, so it finds nothing
 * without a query (docs/security.md "Malformed text").
 *
 * Every login stores, reads and takes one (issue 16): the statements go through node-postgres
 * directly, as named prepared statements on the pool Prisma uses (poolOf), like
 * oidc-provider's storage (oidc/payload-sql.ts), since Prisma's runtime cost about 0.6 ms of
 * CPU per query. Same rows in `OidcPayload` as before; times are written as UTC ISO strings
 * and read as epoch milliseconds, so the session's time zone never matters.
 */
import { requirePool, type PrismaClient } from "@lotse/db";
import { isWellFormedText } from "@lotse/domain";
import { z } from "zod";

const MODEL = "UpstreamFlow";

export const upstreamFlow = z.object({
  /** oidc-provider's interaction uid of the app's pending authorization. */
  interactionUid: z.string(),
  clientId: z.string(),
  idpIssuer: z.string(),
  codeVerifier: z.string(),
  nonce: z.string(),
  redirectUri: z.string(),
  flowId: z.string(),
});

export type UpstreamFlow = z.infer<typeof upstreamFlow>;

export interface UpstreamFlowStore {
  save(state: string, flow: UpstreamFlow, ttlSeconds: number): Promise<void>;
  /** The interaction a pending flow belongs to, without consuming it. */
  interactionOf(state: string): Promise<string | undefined>;
  /** The pending flow, without consuming it; undefined when unknown, used or expired. */
  peek(state: string): Promise<UpstreamFlow | undefined>;
  /** Returns and deletes the flow; undefined when unknown, used or expired. */
  consume(state: string): Promise<UpstreamFlow | undefined>;
}

/** What a read or take gives back. */
interface StoredFlow {
  payload: unknown;
  uid: string | null;
  expiresAt: Date | null;
}

// A plain INSERT, not an upsert: a state is fresh randomness, and a clash fails as Prisma's
// create did (unique violation) instead of overwriting another person's pending login.
const INSERT = {
  name: "lotse_upstream_flow_insert",
  text: `insert into "OidcPayload" ("id", "type", "payload", "uid", "expiresAt", "createdAt")
    values ($1, '${MODEL}', $2::jsonb, $3, $4::timestamp, $5::timestamp)`,
};
const READ = {
  name: "lotse_upstream_flow_read",
  text: `select "payload", "uid", (extract(epoch from "expiresAt") * 1000)::float8 as "expiresMs"
    from "OidcPayload" where "id" = $1 and "type" = '${MODEL}'`,
};
// Deletes the row and returns what it held: one atomic step across instances.
const TAKE = {
  name: "lotse_upstream_flow_take",
  text: `delete from "OidcPayload" where "id" = $1 and "type" = '${MODEL}'
    returning "payload", "uid", (extract(epoch from "expiresAt") * 1000)::float8 as "expiresMs"`,
};

interface RawFlow {
  payload: unknown;
  uid: string | null;
  expiresMs: number | null;
}

function fromRaw(rows: RawFlow[]): StoredFlow | undefined {
  const row = rows[0];
  if (!row) return undefined;
  return {
    payload: row.payload,
    uid: row.uid,
    expiresAt: row.expiresMs === null ? null : new Date(row.expiresMs),
  };
}

function isLive(row: StoredFlow | undefined): row is StoredFlow {
  return row !== undefined && !(row.expiresAt && row.expiresAt.getTime() < Date.now());
}

function flowOf(row: StoredFlow | undefined): UpstreamFlow | undefined {
  if (!isLive(row)) return undefined;
  const parsed = upstreamFlow.safeParse(row.payload);
  return parsed.success ? parsed.data : undefined;
}

export function createUpstreamFlowStore(prisma: PrismaClient): UpstreamFlowStore {
  const pool = requirePool(prisma, "the upstream flow store");
  const read = async (state: string) =>
    fromRaw((await pool.query<RawFlow>({ ...READ, values: [state] })).rows);
  return {
    async save(state, flow, ttlSeconds) {
      await pool.query({
        ...INSERT,
        values: [
          state,
          JSON.stringify(flow),
          flow.interactionUid,
          new Date(Date.now() + ttlSeconds * 1000).toISOString(),
          new Date().toISOString(),
        ],
      });
    },
    async interactionOf(state) {
      if (!isWellFormedText(state)) return undefined;
      const row = await read(state);
      return isLive(row) ? (row.uid ?? undefined) : undefined;
    },
    async peek(state) {
      if (!isWellFormedText(state)) return undefined;
      return flowOf(await read(state));
    },
    async consume(state) {
      if (!isWellFormedText(state)) return undefined;
      return flowOf(fromRaw((await pool.query<RawFlow>({ ...TAKE, values: [state] })).rows));
    },
  };
}
