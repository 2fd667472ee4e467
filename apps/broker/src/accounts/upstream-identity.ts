/**
 * What an upstream login hands the broker: the insurer's issuer and sub, the gematik
 * claims the person released, and the KVNR when released. Structurally the same as the
 * federation's `UpstreamIdentity`, declared here so accounts do not depend on how the
 * federation obtains it.
 */
export interface UpstreamIdentity {
  upstreamIssuer: string;
  upstreamSub: string;
  /** Released telematik claims, e.g. `urn:telematik:claims:email`. */
  claims: Record<string, unknown>;
  kvnr?: string;
  acr?: string;
  amr?: string[];
  /** Seconds since the epoch. */
  authTime?: number;
}
