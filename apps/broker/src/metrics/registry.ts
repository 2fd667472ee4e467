/**
 * The broker's Prometheus metrics (prom-client), one registry per process. The names and
 * labels are documented in docs/operations.md. Labels name only things an operator
 * registered (an insurer's issuer, an application's client id, a grant type, an endpoint),
 * never a sub, a KVNR, a token or anything else a caller chooses freely: every label value
 * comes from a closed set or from a proven registration.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export const registry = new Registry();
// Process metrics (CPU, memory, event-loop lag, GC, handles) with prom-client's standard names.
collectDefaultMetrics({ register: registry });

export const brokerMetrics = {
  logins: new Counter({
    name: "lotse_broker_logins_total",
    help: "Logins at an insurer settled by the broker (upstream callback or exchange, CIBA approval or denial), by outcome, insurer and application.",
    labelNames: ["outcome", "insurer", "application"] as const,
    registers: [registry],
  }),
  codesIssued: new Counter({
    name: "lotse_broker_codes_issued_total",
    help: "Authorization codes issued to applications (the last step of a browser or native login).",
    labelNames: ["application"] as const,
    registers: [registry],
  }),
  tokenGrants: new Counter({
    name: "lotse_broker_token_grants_total",
    help: "Token endpoint grants by grant type and outcome.",
    labelNames: ["grant_type", "outcome"] as const,
    registers: [registry],
  }),
  auditEvents: new Counter({
    name: "lotse_broker_audit_events_total",
    help: "Audit events recorded, by type and outcome.",
    labelNames: ["type", "outcome"] as const,
    registers: [registry],
  }),
  auditQueued: new Gauge({
    name: "lotse_broker_audit_events_queued",
    help: "Audit events recorded but not yet written to the hash chain (the chain's lag, in events).",
    registers: [registry],
  }),
  auditLag: new Histogram({
    name: "lotse_broker_audit_append_seconds",
    help: "Time from recording an audit event to its write into the hash chain.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  }),
  upstreamRequests: new Histogram({
    name: "lotse_broker_upstream_request_duration_seconds",
    help: "Requests of the broker to insurer IDPs (discovery, PAR, token, JWKS), by insurer, endpoint and outcome.",
    labelNames: ["insurer", "endpoint", "outcome"] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  dbRoundTrips: new Counter({
    name: "lotse_broker_db_round_trips_total",
    help: "Round trips to PostgreSQL the broker waited for: each Sync or simple Query message sent on its connection pool (BEGIN and COMMIT count).",
    registers: [registry],
  }),
  rateLimitRefusals: new Counter({
    name: "lotse_broker_rate_limit_refusals_total",
    help: "Requests refused by the rate limits (429), by endpoint and by what was limited (ip or client).",
    labelNames: ["endpoint", "scope"] as const,
    registers: [registry],
  }),
};
