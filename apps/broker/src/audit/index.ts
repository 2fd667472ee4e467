export { AUDIT_EVENT_TYPES, type AuditEventType } from "./event-types.js";
export { createAuditLog, type AuditEventInput, type AuditLog } from "./audit-log.js";
export { verifyAuditChain, type ChainReport } from "@lotse/db/audit";
export { auditProviderEvents } from "./provider-events.js";
export { requestInfo } from "./request-info.js";
