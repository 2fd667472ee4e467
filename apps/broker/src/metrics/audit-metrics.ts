/**
 * Counts logins, codes and token grants from the audit events the broker records anyway
 * (audit/audit-log.ts calls this for every event), so the metrics and the audit log cannot
 * disagree about what happened and no login step needs a second hook.
 */
import type { AuditEventInput } from "../audit/audit-log.js";
import { brokerMetrics } from "./registry.js";

/** The grant types the broker serves (DESIGN.md §4); anything else a client sends is "other". */
const GRANT_TYPES = new Set([
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "urn:openid:params:grant-type:ciba",
  "urn:ietf:params:oauth:grant-type:token-exchange",
]);

const LOGIN_EVENTS = new Set(["upstream.callback", "ciba.approved", "ciba.denied"]);

const outcomeOf = (event: AuditEventInput) => (event.outcome === "SUCCESS" ? "success" : "failure");

function grantTypeOf(event: AuditEventInput): string {
  if (event.type === "token.exchanged") return "urn:ietf:params:oauth:grant-type:token-exchange";
  const value = event.details?.grant_type;
  return typeof value === "string" && GRANT_TYPES.has(value) ? value : "other";
}

export function observeAuditEvent(event: AuditEventInput): void {
  const m = brokerMetrics;
  m.auditEvents.inc({ type: event.type, outcome: outcomeOf(event) });
  // Only a proven client names an application (audit/attribution.ts); the rest is "none".
  const application = event.clientId ?? "none";
  if (LOGIN_EVENTS.has(event.type)) {
    m.logins.inc({
      outcome: event.type === "ciba.denied" ? "failure" : outcomeOf(event),
      insurer: event.upstreamIdp ?? "none",
      application,
    });
  }
  if (event.type === "code.issued") m.codesIssued.inc({ application });
  if (
    event.type === "token.issued" ||
    event.type === "token.refreshed" ||
    event.type === "token.rejected" ||
    event.type === "token.exchanged"
  ) {
    m.tokenGrants.inc({ grant_type: grantTypeOf(event), outcome: outcomeOf(event) });
  }
}
