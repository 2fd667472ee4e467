/**
 * A trust chain that stops verifying is an audit event (`federation.trust_failed`), once per
 * change of state and per broker instance (federation-master.ts reports only changes): the
 * insurer it names is out of the chooser and the IDP list until the chain verifies again,
 * which is logged.
 */
import type { Logger } from "@lotse/server";
import type { AuditLog } from "../audit/index.js";
import type { TrustFailure } from "./entity-statement.js";

export function auditTrustChanges(
  audit: AuditLog,
  logger: Logger,
): (entityId: string, failure: TrustFailure | undefined) => void {
  return (entityId, failure) => {
    if (!failure) {
      logger.info({ entity: entityId }, "federation trust chain verifies again");
      return;
    }
    logger.warn(
      {
        entity: entityId,
        reason: failure.reason,
        document: failure.document,
        err: failure.message,
      },
      "federation trust chain does not verify; the entity is left out",
    );
    // record() never throws: a failure to audit is logged there.
    void audit.record({
      type: "federation.trust_failed",
      outcome: "FAILURE",
      errorCode: failure.reason,
      errorDescription: failure.message,
      upstreamIdp: entityId,
      details: { issuer: entityId, reason: failure.reason, document: failure.document },
    });
  };
}
