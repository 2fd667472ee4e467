/**
 * Records audit events (DESIGN.md §5): scrubbed of secrets, appended to the hash chain
 * (`appendAuditEvent`). A failure to audit is logged, never thrown into the login it
 * describes.
 */
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { AuditEventType } from "./event-types.js";
import { appendAuditEvent, auditEventFields } from "@lotse/db/audit";
import { sanitizeDetails } from "./sanitize-details.js";

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

export function createAuditLog(prisma: PrismaClient, logger: Logger): AuditLog {
  return {
    async record(event) {
      try {
        await appendAuditEvent(
          prisma,
          auditEventFields({ ...event, details: sanitizeDetails(event.details ?? {}) }, new Date()),
        );
      } catch (error) {
        logger.error(
          { err: (error as Error).message, type: event.type, flowId: event.flowId },
          "audit event not written",
        );
      }
    },
  };
}
