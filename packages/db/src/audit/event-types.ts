/**
 * Every step of a login that the audit log records (DESIGN.md §5). One name per step;
 * the portal's flow inspector explains them by these names.
 */
export const AUDIT_EVENT_TYPES = [
  "authorize.request",
  "authorize.rejected",
  "idp.chosen",
  "upstream.redirect",
  "upstream.callback",
  "exchange.mobile",
  "code.issued",
  "token.issued",
  "token.refreshed",
  "token.rejected",
  "token.revoked",
  "token.introspected",
  "ciba.request",
  "ciba.approved",
  "ciba.denied",
  "ciba.poll",
  "token.exchanged",
  "smart.launch",
  "smart.context",
  "logout",
  "request.rejected",
  /** An insurer's federation trust chain failed to verify; it is left out until it verifies. */
  "federation.trust_failed",
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
