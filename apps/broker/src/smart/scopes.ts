/**
 * Which requested scopes a SMART application may be granted (SMART 2.2 §3): its registered
 * launch scopes and OIDC scopes by name, resource scopes when a registered pattern covers
 * them (`patient/*.rs` covers `patient/Observation.rs?category=…`). A well-formed scope the
 * app did not register is left out, as SMART allows a server to grant less; a malformed
 * resource scope is an `invalid_scope` error.
 */
import { parseSmartResourceScope, smartScopeCovers } from "@lotse/domain";
import type { LotseSmartFields } from "../applications/client-metadata.js";

export interface SmartScopeDecision {
  granted: string[];
  malformed: string[];
}

export function smartScopesToGrant(
  smart: LotseSmartFields,
  clientScopes: ReadonlySet<string>,
  requested: readonly string[],
): SmartScopeDecision {
  const granted: string[] = [];
  const malformed: string[] = [];
  for (const scope of new Set(requested)) {
    if (!scope) continue;
    const parsed = parseSmartResourceScope(scope);
    if (parsed === "malformed") malformed.push(scope);
    else if (parsed === undefined) {
      if (clientScopes.has(scope)) granted.push(scope);
    } else if (smart.scopes.some((allowed) => smartScopeCovers(allowed, scope))) {
      granted.push(scope);
    }
  }
  return { granted, malformed };
}

/** Splits a space-separated scope parameter (unknown shapes count as none). */
export function scopeList(value: unknown): string[] {
  return typeof value === "string" ? value.split(" ").filter(Boolean) : [];
}

/** The FHIR base an `aud` names, compared without a trailing slash. */
export function sameFhirBase(a: string, b: string): boolean {
  return a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
}
