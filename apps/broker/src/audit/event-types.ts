// The list lives in @lotse/db/audit so the portal's filters and explanations share it.
export { AUDIT_EVENT_TYPES, type AuditEventType } from "@lotse/db/audit";
