/**
 * Whether text from the wire is well-formed (docs/security.md "Malformed text"): URL-encoded
 * text (a query, a form body) must percent-encode UTF-8 (RFC 3986 §2.1, §2.5) and, like a
 * JSON string or key, decode to text without a NUL or a lone surrogate, which PostgreSQL
 * cannot store (isWellFormedText). Used where a request's text is first read:
 * well-formed-request.ts (path and query), form-body.ts, native-api/json-body.ts and
 * native-api/exchange-input.ts (the deep link's query).
 */
import { isWellFormedText } from "@lotse/domain";

const MALFORMED_TEXT = "a NUL character or a lone surrogate";

/** What is wrong with URL-encoded text (a query string, a form body), if anything. */
export function urlEncodedProblem(raw: string): string | undefined {
  let decoded: string;
  try {
    // `+` and `=`/`&` decode to themselves: no percent-escape spans them.
    decoded = decodeURIComponent(raw);
  } catch {
    return "invalid percent-encoding (it must encode UTF-8)";
  }
  return isWellFormedText(decoded) ? undefined : MALFORMED_TEXT;
}

/** What is wrong with a parsed JSON value (every string and every key), if anything. */
export function jsonProblem(value: unknown): string | undefined {
  // A loop, not recursion: JSON.parse nests as deep as the body is long.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string") {
      if (!isWellFormedText(item)) return MALFORMED_TEXT;
    } else if (Array.isArray(item)) {
      pending.push(...item);
    } else if (item && typeof item === "object") {
      for (const [key, member] of Object.entries(item)) pending.push(key, member);
    }
  }
  return undefined;
}
