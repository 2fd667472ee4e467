/**
 * Appends audit events (DESIGN.md §5). Appends from every broker instance are
 * serialised by a transaction-scoped advisory lock, so the chain stays one line even
 * with several instances writing at once. A failure to audit is logged, never thrown
 * into the login it describes.
 */
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { AuditEventType } from "./event-types.js";
import { chainHash, GENESIS_HASH, type ChainedFields } from "@lotse/db/audit";
import { sanitizeDetails } from "./sanitize-details.js";

/** Arbitrary, fixed: the advisory lock key that guards the chain's tail. */
const AUDIT_CHAIN_LOCK = 7_401_733;

const APPEND_TIMEOUTS = { maxWait: 30_000, timeout: 30_000 };

export interface AuditEventInput {
  type: AuditEventType;
  outcome: "SUCCESS" | "FAILURE";
  errorCode?: string | null;
  errorDescription?: string | null;
  applicationId?: string | null;
  clientId?: string | null;
  upstreamIdp?: string | null;
  /** The subject as the application sees it, never an upstream sub or KVNR. */
  subject?: string | null;
  grantId?: string | null;
  /** Correlates every step of one login. */
  flowId?: string | null;
  clientIp?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  record(event: AuditEventInput): Promise<void>;
}

function toFields(event: AuditEventInput, time: Date): ChainedFields {
  return {
    time,
    type: event.type,
    outcome: event.outcome,
    errorCode: event.errorCode ?? null,
    errorDescription: event.errorDescription?.slice(0, 1000) ?? null,
    applicationId: event.applicationId ?? null,
    clientId: event.clientId ?? null,
    upstreamIdp: event.upstreamIdp ?? null,
    subject: event.subject ?? null,
    grantId: event.grantId ?? null,
    flowId: event.flowId ?? null,
    clientIp: event.clientIp ?? null,
    userAgent: event.userAgent?.slice(0, 500) ?? null,
    details: sanitizeDetails(event.details ?? {}),
  };
}

export function createAuditLog(prisma: PrismaClient, logger: Logger): AuditLog {
  return {
    async record(event) {
      try {
        await prisma.$transaction(async (tx) => {
          await tx.$executeRaw`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
          const last = await tx.auditEvent.findFirst({
            orderBy: { seq: "desc" },
            select: { hash: true },
          });
          const prevHash = last?.hash ?? GENESIS_HASH;
          // Millisecond precision, as stored, so a re-computed hash matches.
          const fields = toFields(event, new Date(Math.floor(Date.now())));
          await tx.auditEvent.create({
            data: {
              ...fields,
              outcome: event.outcome,
              details: fields.details as object,
              prevHash,
              hash: chainHash(prevHash, fields),
            },
          });
          // Appends queue on the lock; under a burst the last in line waits for all the
          // others, which Prisma's default 2 s / 5 s would turn into lost events.
        }, APPEND_TIMEOUTS);
      } catch (error) {
        logger.error(
          { err: (error as Error).message, type: event.type, flowId: event.flowId },
          "audit event not written",
        );
      }
    },
  };
}
