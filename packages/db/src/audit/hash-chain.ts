/**
 * The audit log is a hash chain (DESIGN.md §5): each event's hash covers its own fields
 * and the previous event's hash, so changing, removing or reordering a stored event
 * breaks every hash after it.
 */
import { createHash } from "node:crypto";

/** The hash of "no previous event". */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainedFields {
  time: Date;
  type: string;
  outcome: string;
  errorCode: string | null;
  errorDescription: string | null;
  applicationId: string | null;
  clientId: string | null;
  upstreamIdp: string | null;
  subject: string | null;
  grantId: string | null;
  flowId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  details: unknown;
}

/** The chained fields of a stored event (a row also has id, seq, prevHash and hash). */
export function chainedFieldsOf(row: ChainedFields): ChainedFields {
  return {
    time: row.time,
    type: row.type,
    outcome: row.outcome,
    errorCode: row.errorCode,
    errorDescription: row.errorDescription,
    applicationId: row.applicationId,
    clientId: row.clientId,
    upstreamIdp: row.upstreamIdp,
    subject: row.subject,
    grantId: row.grantId,
    flowId: row.flowId,
    clientIp: row.clientIp,
    userAgent: row.userAgent,
    details: row.details,
  };
}

/** JSON with object keys sorted at every level, so equal data always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

export function chainHash(prevHash: string, fields: ChainedFields): string {
  const body = canonicalJson({ ...fields, time: fields.time.toISOString() });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}
