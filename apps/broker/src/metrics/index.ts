export { brokerMetrics, registry } from "./registry.js";
export { observeAuditEvent } from "./audit-metrics.js";
export { registerMetrics } from "./metrics-route.js";
export { timedUpstreamFetch } from "./upstream-timing.js";
export { countDatabaseRoundTrips } from "./db-round-trips.js";
