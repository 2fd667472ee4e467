/**
 * Typed domain errors thrown by services, and their one mapping to tRPC errors
 * (STYLE.md rule 5). Services never throw TRPCError: they are used by next-auth too.
 */
import { TRPCError } from "@trpc/server";

export class DomainError extends Error {
  constructor(
    readonly kind:
      "not_found" | "forbidden" | "conflict" | "invalid" | "unauthorized" | "rate_limited",
    message: string,
    /** For `invalid`: the input field the message belongs to (e.g. ["currentPassword"]). */
    readonly field?: (string | number)[],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/**
 * Not found and not allowed look the same to the caller, so ids of other organizations'
 * records cannot be probed.
 */
export const notFound = (what: string) => new DomainError("not_found", `${what} not found.`);
export const conflict = (message: string, field?: string[]) =>
  new DomainError("conflict", message, field);
export const invalid = (message: string, field?: (string | number)[]) =>
  new DomainError("invalid", message, field);
export const forbidden = (message = "You are not allowed to do this.") =>
  new DomainError("forbidden", message);

const CODES = {
  not_found: "NOT_FOUND",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  rate_limited: "TOO_MANY_REQUESTS",
} as const;

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: CODES[error.kind], message: error.message, cause: error });
}
