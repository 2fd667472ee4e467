/**
 * Audit details never hold secrets, tokens, codes or personal data in clear
 * (DESIGN.md §3 "Data minimisation", §5). Keys that name such values are dropped,
 * and anything shaped like a KVNR is masked wherever it appears.
 */
import { maskKvnrsIn } from "@lotse/domain";

const FORBIDDEN_KEY =
  /(secret|password|token|assertion|code_verifier|^code$|authorization|cookie|kvnr|given_name|family_name|display_name|name$|email|geburtsdatum|birth)/i;

export function sanitizeDetails(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[truncated]";
  if (typeof value === "string") return maskKvnrsIn(value).slice(0, 2000);
  if (Array.isArray(value))
    return value.slice(0, 100).map((item) => sanitizeDetails(item, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEY.test(key) || item === undefined) continue;
      out[key] = sanitizeDetails(item, depth + 1);
    }
    return out;
  }
  return value;
}
