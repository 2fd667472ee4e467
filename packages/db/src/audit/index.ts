/**
 * The audit log's hash chain (DESIGN.md §5), shared by the broker, which appends, and the
 * portal, which verifies: one implementation, so both compute the same hashes.
 */
export {
  canonicalJson,
  chainedFieldsOf,
  chainHash,
  GENESIS_HASH,
  type ChainedFields,
} from "./hash-chain.js";
export {
  appendAuditEvent,
  appendAuditEvents,
  auditEventFields,
  type AuditEventDraft,
  type AuditEventFields,
} from "./append.js";
export {
  verifyAuditChain,
  type ChainPosition,
  type ChainReport,
  type VerifyOptions,
} from "./verify-chain.js";
export { AUDIT_EVENT_TYPES, type AuditEventType } from "./event-types.js";
