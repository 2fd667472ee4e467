/**
 * Who may see what, as docs/notes' "FHIR server rules" define it for the sandbox:
 *
 * - the access token is a JWT (RFC 9068) from the broker: `typ` at+jwt, signed with a
 *   key of the broker's JWKS, `iss` = BROKER_URL, `aud` = this FHIR base URL;
 *   anything else is a 401 `invalid_token` (RFC 6750 §3.1);
 * - read needs a scope with `r`, search one with `s` (SMART App Launch 2.2 §3.1, v1
 *   `.read` = `rs`); without one, 403 `insufficient_scope`;
 * - a `patient/` scope reaches only the compartment of the token's `patient` claim
 *   (SMART 2.2 §3.3); `user/` and `system/` scopes reach every patient;
 * - a granular scope (`patient/Observation.rs?category=…|laboratory`, SMART 2.2 §3.1.1)
 *   reaches only the resources that match its query.
 */
import {
  SMART_SIMULATED_ERROR_CLAIM,
  smartScopesFor,
  type SmartPermission,
  type SmartResourceScope,
} from "@lotse/domain";
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { compartmentPatientId, type ResourceType, type SandboxResource } from "./data/store.js";
import { FhirError } from "./operation-outcome.js";
import { FHIR_ID, matchesAll, parseSearch, type Criterion, type SearchQuery } from "./search.js";
import { tokensOverlap } from "./search-values.js";

/** Resource types in the Patient compartment (R4 CompartmentDefinition "patient"). */
const PATIENT_COMPARTMENT: readonly ResourceType[] = [
  "Patient",
  "Encounter",
  "Observation",
  "Condition",
  "MedicationRequest",
];

/** A bearer token longer than this is no token of ours; refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;

export interface AccessToken {
  clientId: string;
  sub: string;
  scopes: string[];
  /** The Patient id of the launch context (`patient` claim), when it is a valid id. */
  patient?: string;
  fhirUser?: string;
}

/** 401 with the challenge of RFC 6750 §3 (the contract asks for `invalid_token` always). */
export function invalidToken(description: string): FhirError {
  return new FhirError(401, "login", description, {
    "WWW-Authenticate": `Bearer error="invalid_token", error_description="${description}"`,
  });
}

/** 403 with the challenge of RFC 6750 §3.1 `insufficient_scope`. */
export function insufficientScope(description: string): FhirError {
  return new FhirError(403, "forbidden", description, {
    "WWW-Authenticate": `Bearer error="insufficient_scope", error_description="${description}"`,
  });
}

const SIMULATED_ERRORS: Record<string, string> = {
  request_invalid_token: "The access token is invalid (simulated by the SMART launcher).",
  request_expired_token: "The access token has expired (simulated by the SMART launcher).",
};

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === "string" ? value : undefined;
}

export interface TokenVerifierOptions {
  brokerUrl: string;
  fhirBaseUrl: string;
  /** The broker's keys; by default its JWKS over HTTP (jose caches and refreshes it). */
  keys?: JWTVerifyGetKey;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<AccessToken>;

/**
 * Verifies `Authorization: Bearer <JWT>` and returns what the token grants. Throws a 401
 * FhirError for every token problem and a 503 one when the broker's keys cannot be had.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys = options.keys ?? createRemoteJWKSet(new URL(`${options.brokerUrl}/.well-known/jwks`));
  return async (authorization) => {
    const match = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i.exec(authorization ?? "");
    if (!authorization) throw invalidToken("An access token is required.");
    if (!match || authorization.length > MAX_TOKEN_LENGTH) {
      throw invalidToken("The Authorization header must be Bearer <access token>.");
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, {
        issuer: options.brokerUrl,
        audience: options.fhirBaseUrl,
        // RFC 9068 §4: the resource server checks typ, so an ID token is no access token.
        typ: "at+jwt",
        algorithms: ["RS256", "ES256"],
        requiredClaims: ["exp", "iat", "sub", "client_id", "jti"],
        clockTolerance: 5,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw invalidToken("The access token has expired.");
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        // The broker's JWKS could not be fetched: not the token's fault.
        throw new FhirError(503, "transient", "The broker's keys cannot be fetched; try again.");
      }
      throw invalidToken("The access token is invalid.");
    }
    // Only a verified token can ask for a simulated error: nobody else can make us refuse.
    const simulated = stringClaim(payload, SMART_SIMULATED_ERROR_CLAIM);
    if (simulated && SIMULATED_ERRORS[simulated]) throw invalidToken(SIMULATED_ERRORS[simulated]);
    const patient = stringClaim(payload, "patient");
    const fhirUser = stringClaim(payload, "fhirUser");
    const scope = stringClaim(payload, "scope") ?? "";
    return {
      clientId: stringClaim(payload, "client_id") ?? "",
      sub: payload.sub ?? "",
      scopes: scope.split(" ").filter(Boolean),
      ...(patient && FHIR_ID.test(patient) ? { patient } : {}),
      ...(fhirUser ? { fhirUser } : {}),
    };
  };
}

/**
 * One way in which the token reaches a resource type: every patient (`patientId`
 * undefined) or one patient's compartment, optionally narrowed by a granular query.
 */
export interface AccessRule {
  scope: SmartResourceScope;
  patientId?: string;
  /** The granular scope's query as search criteria; empty for a plain scope. */
  restriction: Criterion[];
}

function restrictionOf(type: ResourceType, scope: SmartResourceScope): Criterion[] | undefined {
  if (scope.query.length === 0) return [];
  try {
    const parsed = parseSearch(type, scope.query, { strict: true });
    return parsed.criteria.length === scope.query.length ? parsed.criteria : undefined;
  } catch {
    // A restriction this server cannot evaluate reaches nothing (fail closed).
    return undefined;
  }
}

/**
 * The rules by which `token` may use `permission` on `type`. Throws 403 when there is
 * none: no scope for the type and permission, or only `patient/` scopes that cannot apply.
 */
export function accessRules(
  token: AccessToken,
  type: ResourceType,
  permission: SmartPermission,
): AccessRule[] {
  const scopes = smartScopesFor(token.scopes, type, permission);
  const action = permission === "r" ? "read" : "search";
  if (scopes.length === 0) {
    throw insufficientScope(`The token has no scope to ${action} ${type}.`);
  }
  const rules: AccessRule[] = [];
  for (const scope of scopes) {
    const restriction = restrictionOf(type, scope);
    if (!restriction) continue;
    if (scope.context === "patient") {
      // SMART 2.2 §3.3: patient/ scopes only with a patient in context, only its compartment.
      if (!token.patient || !PATIENT_COMPARTMENT.includes(type)) continue;
      rules.push({ scope, patientId: token.patient, restriction });
    } else {
      rules.push({ scope, restriction });
    }
  }
  if (rules.length === 0) {
    throw insufficientScope(
      token.patient
        ? `The token's patient scopes do not reach ${type}.`
        : `The token's patient scopes need a patient in context.`,
    );
  }
  return rules;
}

function ruleAllows(rule: AccessRule, resource: SandboxResource): boolean {
  if (rule.patientId !== undefined && compartmentPatientId(resource) !== rule.patientId)
    return false;
  return matchesAll(resource, rule.restriction);
}

export function isAllowed(rules: readonly AccessRule[], resource: SandboxResource): boolean {
  return rules.some((rule) => ruleAllows(rule, resource));
}

/** read: the resource must be reached by one rule, else 403. */
export function authorizeRead(rules: readonly AccessRule[], resource: SandboxResource): void {
  if (!isAllowed(rules, resource)) {
    throw insufficientScope(
      `The token's scopes do not reach ${resource.resourceType}/${resource.id!}.`,
    );
  }
}

/** The Patient ids a search names explicitly (patient, subject, and _id on Patient). */
function requestedPatients(query: SearchQuery): string[] {
  const ids: string[] = [];
  for (const criterion of query.criteria) {
    if (
      criterion.kind === "reference" &&
      (criterion.name === "patient" || criterion.name === "subject")
    ) {
      for (const reference of criterion.references) {
        if (reference.startsWith("Patient/")) ids.push(reference.slice("Patient/".length));
      }
    } else if (criterion.kind === "id" && query.type === "Patient") {
      ids.push(...criterion.ids);
    }
  }
  return ids;
}

/** Whether the search asks only for values that the rule's granular restriction excludes. */
function contradicts(query: SearchQuery, rule: AccessRule): boolean {
  return rule.restriction.some((restriction) =>
    query.criteria.some(
      (criterion) =>
        restriction.kind === "token" &&
        criterion.kind === "token" &&
        criterion.name === restriction.name &&
        !criterion.tokens.some((asked) =>
          restriction.tokens.some((allowed) => tokensOverlap(asked, allowed)),
        ),
    ),
  );
}

/**
 * search: 403 when it names a patient the token may not see (`Observation?patient=B`
 * with a token for A) or asks only for what a granular scope excludes
 * (`category=vital-signs` with a laboratory-only scope). Otherwise the result is
 * filtered by the rules: a patient token searching without `patient=` sees its own.
 */
export function authorizeSearch(
  rules: readonly AccessRule[],
  query: SearchQuery,
): (resource: SandboxResource) => boolean {
  for (const patientId of requestedPatients(query)) {
    if (!rules.some((rule) => rule.patientId === undefined || rule.patientId === patientId)) {
      throw insufficientScope("The token's scopes do not reach the requested patient.");
    }
  }
  const applicable = rules.filter((rule) => !contradicts(query, rule));
  if (applicable.length === 0) {
    throw insufficientScope(
      `The token's scopes do not reach the requested ${query.type} resources.`,
    );
  }
  return (resource) => isAllowed(applicable, resource);
}
