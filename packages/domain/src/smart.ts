/**
 * SMART App Launch 2.2 vocabulary (docs/flows/smart.md): launch scopes, the syntax of
 * resource scopes (v2 `patient/Observation.rs?category=…`, v1 `patient/*.read`), which
 * allowed scope covers which requested one, and the errors the launcher can simulate.
 * Shared by the broker (what a client may be granted), the sandbox FHIR server (what a
 * token allows) and the portal (what a developer may register).
 */

/** Scopes that ask for launch context or identity rather than FHIR data. */
export const SMART_LAUNCH_SCOPES = [
  "launch",
  "launch/patient",
  "launch/encounter",
  "fhirUser",
  "online_access",
] as const;
export type SmartLaunchScope = (typeof SMART_LAUNCH_SCOPES)[number];

export function isSmartLaunchScope(scope: string): scope is SmartLaunchScope {
  return (SMART_LAUNCH_SCOPES as readonly string[]).includes(scope);
}

/** Who uses a SMART app: the patient (their own record) or a practitioner (a picker). */
export const SMART_USER_TYPES = ["PATIENT", "PRACTITIONER"] as const;
export type SmartUserType = (typeof SMART_USER_TYPES)[number];

export const SMART_CONTEXTS = ["patient", "user", "system"] as const;
export type SmartContextType = (typeof SMART_CONTEXTS)[number];

/** v2 permissions, always in this order (SMART 2.2 §3.1: c r u d s). */
export const SMART_PERMISSIONS = "cruds";

export interface SmartResourceScope {
  context: SmartContextType;
  /** A FHIR resource type, or `*`. */
  resourceType: string;
  /** A subset of "cruds" in canonical order; v1 `.read` is "rs", `.write` "cud", `.*` "cruds". */
  permissions: string;
  /** Granular restriction (v2 only), e.g. [["category", "…|laboratory"]]. */
  query: [string, string][];
  version: 1 | 2;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{1,63})\.([a-z*]+)(\?(.+))?$/;
const V1_PERMISSIONS: Record<string, string> = { read: "rs", write: "cud", "*": "cruds" };
/** Search parameter names and values as FHIR allows them, nothing that needs escaping. */
const QUERY_NAME = /^[a-z][a-z0-9_-]{0,63}(:[a-z-]+)?$/i;

/**
 * Parses a resource scope. `undefined`: not a resource scope at all (e.g. `openid`);
 * `"malformed"`: starts like one (`patient/…`) but is not valid SMART syntax, which the
 * broker answers with `invalid_scope`.
 */
export function parseSmartResourceScope(
  scope: string,
): SmartResourceScope | "malformed" | undefined {
  if (!/^(patient|user|system)\//.test(scope)) return undefined;
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return "malformed";
  const [, context, resourceType, action, , queryText] = match;
  let permissions: string;
  let version: 1 | 2;
  if (action! in V1_PERMISSIONS) {
    permissions = V1_PERMISSIONS[action!]!;
    version = 1;
    if (queryText !== undefined) return "malformed";
  } else {
    // v2: each letter of c r u d s at most once and in that order.
    let last = -1;
    for (const letter of action!) {
      const position = SMART_PERMISSIONS.indexOf(letter);
      if (position <= last) return "malformed";
      last = position;
    }
    permissions = action!;
    version = 2;
  }
  const query: [string, string][] = [];
  if (queryText !== undefined) {
    for (const pair of queryText.split("&")) {
      const at = pair.indexOf("=");
      if (at <= 0) return "malformed";
      let name: string;
      let value: string;
      try {
        name = decodeURIComponent(pair.slice(0, at));
        value = decodeURIComponent(pair.slice(at + 1));
      } catch {
        return "malformed";
      }
      if (!QUERY_NAME.test(name) || value === "" || value.length > 256) return "malformed";
      query.push([name, value]);
    }
  }
  return {
    context: context as SmartContextType,
    resourceType: resourceType!,
    permissions,
    query,
    version,
  };
}

function isSubsetOf(permissions: string, of: string): boolean {
  return [...permissions].every((letter) => of.includes(letter));
}

function sameQuery(a: [string, string][], b: [string, string][]): boolean {
  const key = (q: [string, string][]) =>
    q
      .map(([name, value]) => `${name}=${value}`)
      .sort()
      .join("&");
  return key(a) === key(b);
}

/**
 * Whether a registered (allowed) scope covers a requested one: the same context, the same
 * type or `*`, no permission beyond the allowed ones, and, where the allowed scope is
 * granular, the same restriction. Launch scopes and others compare as plain strings.
 */
export function smartScopeCovers(allowed: string, requested: string): boolean {
  if (allowed === requested) return true;
  const a = parseSmartResourceScope(allowed);
  const r = parseSmartResourceScope(requested);
  if (!a || a === "malformed" || !r || r === "malformed") return false;
  if (a.context !== r.context) return false;
  if (a.resourceType !== "*" && a.resourceType !== r.resourceType) return false;
  if (!isSubsetOf(r.permissions, a.permissions)) return false;
  return a.query.length === 0 || sameQuery(a.query, r.query);
}

/** An interaction on a FHIR resource, as a scope permission letter. */
export type SmartPermission = "c" | "r" | "u" | "d" | "s";

/**
 * The scopes among `granted` that allow `permission` on `resourceType` (for the FHIR
 * server). A granular scope comes back with its restriction, which the server must still
 * check against the search parameters or the resource.
 */
export function smartScopesFor(
  granted: readonly string[],
  resourceType: string,
  permission: SmartPermission,
): SmartResourceScope[] {
  const found: SmartResourceScope[] = [];
  for (const scope of granted) {
    const parsed = parseSmartResourceScope(scope);
    if (!parsed || parsed === "malformed") continue;
    if (parsed.resourceType !== "*" && parsed.resourceType !== resourceType) continue;
    if (parsed.permissions.includes(permission)) found.push(parsed);
  }
  return found;
}

/**
 * Errors the portal's SMART launcher can make the platform simulate: the SMART Health IT
 * launcher's list (its names, so a SMART developer recognises them).
 */
export const SMART_SIMULATED_ERRORS = [
  { name: "auth_invalid_client_id", label: "Authorize: invalid client id" },
  { name: "auth_invalid_redirect_uri", label: "Authorize: invalid redirect URI" },
  { name: "auth_invalid_scope", label: "Authorize: invalid scope" },
  { name: "auth_invalid_client_secret", label: "Token: invalid client secret" },
  { name: "token_invalid_token", label: "Token: invalid token (the code)" },
  { name: "token_expired_refresh_token", label: "Token: expired refresh token" },
  { name: "request_invalid_token", label: "FHIR request: invalid access token" },
  { name: "request_expired_token", label: "FHIR request: expired access token" },
] as const;
export type SmartSimulatedError = (typeof SMART_SIMULATED_ERRORS)[number]["name"];

export function isSmartSimulatedError(name: string): name is SmartSimulatedError {
  return SMART_SIMULATED_ERRORS.some((error) => error.name === name);
}

/** Launch types the launcher offers (SMART 2.2 §2.0.1: EHR launch and standalone launch). */
export const SMART_LAUNCH_TYPES = [
  "EHR_PROVIDER",
  "EHR_PATIENT",
  "STANDALONE_PROVIDER",
  "STANDALONE_PATIENT",
] as const;
export type SmartLaunchType = (typeof SMART_LAUNCH_TYPES)[number];

/**
 * The claim in a FHIR access token (a JWT) that makes the sandbox FHIR server simulate
 * one of the `request_*` errors. Only ever set for launches that asked for it.
 */
export const SMART_SIMULATED_ERROR_CLAIM = "lotse_simulated_error";
