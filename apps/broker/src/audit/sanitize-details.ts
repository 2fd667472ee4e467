/**
 * Audit details never hold secrets, tokens, codes or personal data in clear
 * (DESIGN.md §3 "Data minimisation", §5). Keys that name such values are dropped,
 * and anything shaped like a KVNR is masked wherever it appears.
 */

const FORBIDDEN_KEY =
  /(secret|password|token|assertion|code_verifier|^code$|authorization|cookie|kvnr|given_name|family_name|display_name|name$|email|geburtsdatum|birth)/i;

/** A KVNR: one capital letter and nine digits (gematik). */
const KVNR = /\b[A-Z]\d{9}\b/g;

function maskKvnr(value: string): string {
  return value.replace(KVNR, (kvnr) => `${kvnr.slice(0, 1)}*********`);
}

export function sanitizeDetails(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[truncated]";
  if (typeof value === "string") return maskKvnr(value).slice(0, 2000);
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
