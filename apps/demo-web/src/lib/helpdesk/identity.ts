/**
 * The verified identity the help desk shows, read from the claims of the broker's ID token.
 * The token was checked on receipt by openid-client (iss, aud, exp, iat; OIDC Core
 * §3.1.3.7, received directly from the token endpoint over TLS in production).
 */
import { KVNR_CLAIM } from "@lotse/domain";
import type { HelpdeskError, HelpdeskIdentity } from "./status";

const DISPLAY_NAME_CLAIM = "urn:telematik:claims:display_name";

/**
 * Shows only the last 4 characters, enough for the agent to compare with what the caller
 * says. (@lotse/domain's maskKvnr keeps the letter and 3 digits, for log lines.)
 */
export function maskKvnrForAgent(kvnr: string): string {
  const visible = kvnr.slice(-4);
  return `${"•".repeat(Math.max(kvnr.length - visible.length, 0))}${visible}`;
}

function isoFromSeconds(value: unknown): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  return new Date(value * 1000).toISOString().replace(/\.000Z$/, "Z");
}

export interface ExpectedCaller {
  /** The KVNR the agent sent as `login_hint`. */
  kvnr: string;
  /** The insurer the agent chose: its issuer (sent as `provider`) and name. */
  insurer: { issuer: string; organizationName: string };
}

/**
 * The identity, or why it cannot be trusted for this call: the token must name the person
 * the agent asked for (its KVNR claim equals the `login_hint`) at the insurer the agent
 * chose (`ext-original-iss`, where the application receives it).
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  expected: ExpectedCaller,
): { ok: true; identity: HelpdeskIdentity } | { ok: false; error: HelpdeskError } {
  const kvnr = claims[KVNR_CLAIM];
  if (typeof kvnr !== "string") {
    return {
      ok: false,
      error: {
        code: "kvnr_missing",
        message: "The ID token carries no KVNR, so the caller cannot be matched to the request.",
      },
    };
  }
  if (kvnr !== expected.kvnr) {
    return {
      ok: false,
      error: {
        code: "kvnr_mismatch",
        message: "The insurer confirmed a different KVNR than the one you entered.",
      },
    };
  }
  const originalIssuer = claims["ext-original-iss"];
  if (typeof originalIssuer === "string" && originalIssuer !== expected.insurer.issuer) {
    return {
      ok: false,
      error: {
        code: "insurer_mismatch",
        message: "A different insurer than the one you chose confirmed the caller.",
      },
    };
  }
  const displayName = claims[DISPLAY_NAME_CLAIM];
  return {
    ok: true,
    identity: {
      displayName: typeof displayName === "string" && displayName ? displayName : null,
      kvnrMasked: maskKvnrForAgent(kvnr),
      insurer: expected.insurer.organizationName,
      insurerIssuer: expected.insurer.issuer,
      acr: typeof claims.acr === "string" ? claims.acr : null,
      authTime: isoFromSeconds(claims.auth_time),
    },
  };
}
