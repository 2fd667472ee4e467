/**
 * Appends events at the tail of the audit chain (DESIGN.md §5). The chain stays one line
 * even with several instances writing at once, without a lock: an append is one
 * conditional INSERT that only the first of several racing appends gets through
 * (appendAuditEvents). A batch of events is one INSERT, whether it carries one event or
 * hundreds (the broker's audit log batches, see apps/broker/src/audit/append-queue.ts).
 *
 * The statements go through node-postgres directly, as named prepared statements on the pool
 * Prisma uses (poolOf), like oidc-provider's storage (docs/performance.md "Change 6"): the
 * broker appends about 3 batches per login and one every other refresh, and Prisma's runtime
 * cost more CPU per statement than the rest of the append. A client without a pool of its
 * own (a transaction's) sends the same SQL through Prisma.
 */
import { toWellFormedText } from "@lotse/domain";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { poolOf, type PrismaClient } from "../client.js";
import { chainHash, GENESIS_HASH, type ChainedFields } from "./hash-chain.js";

/** Event ids are made here (the INSERT is plain SQL); any unique text will do. */
const createId = () => randomUUID();

export type AuditEventFields = ChainedFields & { outcome: "SUCCESS" | "FAILURE" };

/** An event as callers describe it: type and outcome, the rest optional. */
export type AuditEventDraft = Pick<AuditEventFields, "type" | "outcome"> &
  Partial<Omit<AuditEventFields, "type" | "outcome" | "time">>;

/**
 * Text exactly as PostgreSQL will store it, cut to `max` first. A client controls much of an
 * event (ids, descriptions, user agent), and the hash is taken over these fields: a NUL
 * would make the insert fail, and a lone surrogate (also the half that a cut leaves of a
 * pair) would be stored as U+FFFD and never hash the same again, so the chain would fail to
 * verify for good. Both become U+FFFD here, before the hash (docs/security.md).
 */
function storedText(value: string | null | undefined, max?: number): string | null {
  if (value === null || value === undefined) return null;
  return toWellFormedText(max === undefined ? value : value.slice(0, max));
}

/** The same for every string and key of the details (JSON); other values stay as they are. */
function storedDetails(value: unknown): unknown {
  if (typeof value === "string") return toWellFormedText(value);
  if (Array.isArray(value)) return value.map(storedDetails);
  if (
    value !== null &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [toWellFormedText(key), storedDetails(item)]),
    );
  return value;
}

/**
 * The stored fields of a draft at `time`: absent values become null, the free-text fields
 * are cut to the lengths the log keeps (a client controls both), and all text is as it will
 * be stored (storedText).
 */
export function auditEventFields(draft: AuditEventDraft, time: Date): AuditEventFields {
  return {
    time,
    type: toWellFormedText(draft.type),
    outcome: draft.outcome,
    errorCode: storedText(draft.errorCode),
    errorDescription: storedText(draft.errorDescription, 1000),
    applicationId: storedText(draft.applicationId),
    clientId: storedText(draft.clientId),
    upstreamIdp: storedText(draft.upstreamIdp),
    subject: storedText(draft.subject),
    grantId: storedText(draft.grantId),
    flowId: storedText(draft.flowId),
    clientIp: storedText(draft.clientIp),
    userAgent: storedText(draft.userAgent, 500),
    details: storedDetails(draft.details ?? {}),
  };
}

/** Appends one event; see appendAuditEvents. */
export async function appendAuditEvent(
  prisma: PrismaClient,
  fields: AuditEventFields,
): Promise<void> {
  await appendAuditEvents(prisma, [fields]);
}

/**
 * Where this client believes the chain ends: the hash its last append stored or its last
 * read found. Only a guess that saves a round trip; the INSERT checks it (see below).
 */
const tails = new WeakMap<PrismaClient, string>();

/** After this many lost races in a row an append gives up (and its caller logs it). */
const MAX_ATTEMPTS = 50;

const READ_TAIL = {
  name: "lotse_audit_tail",
  text: `select "hash" from "AuditEvent" order by "seq" desc limit 1`,
};

/**
 * The batch arrives as one JSON array of rows ($1), so that one prepared statement takes any
 * number of events. `time` is an ISO string in UTC, read as timestamptz and stored as its UTC
 * wall time, so the session's TimeZone never matters (the column is `timestamp(3)` holding
 * UTC, as Prisma writes it). Rows are inserted in their given order (`ord`), which draws
 * their `seq` in that order.
 */
const INSERT = {
  name: "lotse_audit_append",
  text: `insert into "AuditEvent" ("id", "time", "type", "outcome", "errorCode", "errorDescription",
      "applicationId", "clientId", "upstreamIdp", "subject", "grantId", "flowId", "clientIp",
      "userAgent", "details", "prevHash", "hash")
    select v."id", (v."time" at time zone 'UTC')::timestamp(3), v."type", v."outcome"::"AuditOutcome",
      v."errorCode", v."errorDescription", v."applicationId", v."clientId", v."upstreamIdp",
      v."subject", v."grantId", v."flowId", v."clientIp", v."userAgent", v."details",
      v."prevHash", v."hash"
    from jsonb_to_recordset($1::jsonb) as v("id" text, "time" timestamptz,
      "type" text, "outcome" text, "errorCode" text, "errorDescription" text,
      "applicationId" text, "clientId" text, "upstreamIdp" text, "subject" text, "grantId" text,
      "flowId" text, "clientIp" text, "userAgent" text, "details" jsonb, "prevHash" text,
      "hash" text, "ord" int)
    where (select "hash" from "AuditEvent" order by "seq" desc limit 1) is not distinct from $2::text
    order by v."ord"`,
};

interface Statement {
  name: string;
  text: string;
}

/** Runs a statement on the client's pool (prepared), or through Prisma without one. */
async function run(
  prisma: PrismaClient,
  statement: Statement,
  values: unknown[],
): Promise<{ rows: Array<Record<string, unknown>>; rowCount: number }> {
  const pool = poolOf(prisma);
  if (pool) {
    const result = await pool.query({ ...statement, values });
    return { rows: result.rows as Array<Record<string, unknown>>, rowCount: result.rowCount ?? 0 };
  }
  if (statement === READ_TAIL) {
    const rows = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(statement.text);
    return { rows, rowCount: rows.length };
  }
  return { rows: [], rowCount: await prisma.$executeRawUnsafe(statement.text, ...values) };
}

async function readTail(prisma: PrismaClient): Promise<string> {
  const { rows } = await run(prisma, READ_TAIL, []);
  return (rows[0]?.hash as string | undefined) ?? GENESIS_HASH;
}

/**
 * Another append took the same place in the chain first: `prevHash` is taken (23505), as
 * node-postgres reports it (`constraint`) or Prisma (`meta`).
 */
function lostRace(error: unknown): boolean {
  const failure = error as { code?: unknown; constraint?: unknown; meta?: unknown } | undefined;
  if (failure?.code === "23505" && failure.constraint === "AuditEvent_prevHash_key") return true;
  return JSON.stringify(failure?.meta ?? null).includes("AuditEvent_prevHash_key");
}

/**
 * Appends the events in this order, as one statement: all of them or none. One round trip
 * and no lock (issue 16): the rows are chained in memory onto the tail this client last
 * saw, and the INSERT stores them only if
 * - that is still the last event by `seq` (else nothing is stored: someone else appended,
 *   or the tail was cut off), and
 * - no other append chained onto the same event: `prevHash` is unique, so of two appends
 *   racing for the same place, from any instance, the second fails on the index (it waits
 *   for the first to commit).
 * Either way the tail is read again and the append retried. So every stored event chains
 * onto the event that was the tail when it was stored, which was committed before, so its
 * `seq` (drawn row by row in the given order) is higher: the chain's order is the order of
 * `seq` that verifyAuditChain walks, with no gaps and no forks, however many instances
 * append at once.
 */
export async function appendAuditEvents(
  prisma: PrismaClient,
  events: readonly AuditEventFields[],
): Promise<void> {
  if (events.length === 0) return;
  for (let attempt = 1; ; attempt += 1) {
    const tail = tails.get(prisma) ?? (await readTail(prisma));
    let prevHash = tail;
    const rows = events.map((fields, index) => {
      const hash = chainHash(prevHash, fields);
      const row = {
        ...fields,
        id: createId(),
        time: fields.time.toISOString(),
        prevHash,
        hash,
        ord: index,
      };
      prevHash = hash;
      return row;
    });
    try {
      const { rowCount } = await run(prisma, INSERT, [
        JSON.stringify(rows),
        tail === GENESIS_HASH ? null : tail,
      ]);
      if (rowCount === events.length) {
        tails.set(prisma, prevHash);
        return;
      }
      tails.delete(prisma);
    } catch (error) {
      tails.delete(prisma);
      if (!lostRace(error)) throw error;
    }
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`audit append lost ${MAX_ATTEMPTS} races for the chain's tail in a row`);
    // Several instances racing: a little jitter, so the same two do not collide again.
    if (attempt > 2) await sleep(Math.random() * Math.min(attempt, 20));
  }
}
