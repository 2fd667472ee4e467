import type { OperationOutcome } from "fhir/r4.js";

/** FHIR R4 issue types (http://hl7.org/fhir/valueset-issue-type.html) that this server uses. */
export type IssueCode =
  | "invalid"
  | "value"
  | "not-supported"
  | "not-found"
  | "login"
  | "forbidden"
  | "exception"
  | "transient";

export function operationOutcome(
  code: IssueCode,
  diagnostics: string,
  severity: "error" | "warning" | "information" = "error",
): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity, code, diagnostics }] };
}

/**
 * A refusal that the FHIR routes answer with an OperationOutcome (one place maps every
 * error to its HTTP answer, STYLE.md rule 5). `diagnostics` is shown to the client, so it
 * never holds a token or a value from the request beyond a parameter name.
 */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueCode,
    readonly diagnostics: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(diagnostics);
    this.name = "FhirError";
  }
}

export function badRequest(diagnostics: string): FhirError {
  return new FhirError(400, "invalid", diagnostics);
}

export function notFound(diagnostics: string): FhirError {
  return new FhirError(404, "not-found", diagnostics);
}
