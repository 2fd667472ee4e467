/**
 * Records audit events (DESIGN.md §5): scrubbed of secrets, appended to the hash chain in
 * batches (`append-queue.ts`), a login's steps ahead of failures nobody was proven for. A
 * failure to audit is logged, never thrown into the login it describes.
 */
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { AuditEventType } from "./event-types.js";
import { appendAuditEvents, auditEventFields } from "@lotse/db/audit";
import { currentRequestId } from "@lotse/server";
import { brokerMetrics, observeAuditEvent } from "../metrics/index.js";
import { createAppendQueue, type AppendQueueOptions } from "./append-queue.js";
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

/**
 * A failure that no client was proven for (docs/security.md, "An event belongs to an
 * application only when the request proved it"): anyone can cause as many as the rate limits
 * let through, so these never go ahead of a login's steps.
 */
function isUnattributedFailure(event: AuditEventInput): boolean {
  return event.outcome === "FAILURE" && !event.clientId && !event.applicationId;
}

export function createAuditLog(
  prisma: PrismaClient,
  logger: Logger,
  options: AppendQueueOptions = {},
): AuditLog {
  const queue = createAppendQueue((events) => appendAuditEvents(prisma, events), options);
  return {
    async record(event) {
      observeAuditEvent(event);
      // The request this step happened in (X-Request-Id), so the flow inspector and the
      // logs of that request can be joined (docs/operations.md, "Request ids").
      const requestId = currentRequestId();
      const details = requestId ? { requestId, ...event.details } : (event.details ?? {});
      brokerMetrics.auditQueued.inc();
      const written = brokerMetrics.auditLag.startTimer();
      try {
        await queue.append(
          auditEventFields({ ...event, details: sanitizeDetails(details) }, new Date()),
          !isUnattributedFailure(event),
        );
        written();
      } catch (error) {
        logger.error(
          { err: (error as Error).message, type: event.type, flowId: event.flowId },
          "audit event not written",
        );
      } finally {
        brokerMetrics.auditQueued.dec();
      }
    },
  };
}
