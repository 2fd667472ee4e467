/**
 * Text PostgreSQL can hold (docs/security.md "Malformed text"): no NUL and no lone UTF-16
 * surrogate (isWellFormedText). Every string input that reaches a query or a row is built
 * on this, so such input is refused as a BAD_REQUEST with a field error instead of failing
 * in the database as an INTERNAL_SERVER_ERROR. Browser-safe, like every schema here.
 */
import { z } from "zod";
import { isWellFormedText } from "@lotse/domain";

export const MALFORMED_TEXT_MESSAGE = "Remove the NUL character or unpaired surrogate.";

/** `schema`, refusing malformed text; chain length and format checks after it as usual. */
export function wellFormed<T extends z.ZodType<string>>(schema: T): T {
  return schema.refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE });
}

/** A string input: `z.string()` that refuses malformed text. */
export const wellFormedString = () => wellFormed(z.string());
