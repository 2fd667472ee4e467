/**
 * Well-formed text: what PostgreSQL can store and UTF-8 can carry. Two things are not:
 * - U+0000 (NUL): PostgreSQL's `text` and `jsonb` refuse it, so a query that carries one
 *   fails as a server error instead of finding nothing;
 * - a lone UTF-16 surrogate (U+D800–U+DFFF without its pair, e.g. JSON `"\ud800"`): it has
 *   no UTF-8 encoding, so `jsonb` refuses it and a `text` column silently stores U+FFFD,
 *   which is no longer the string that was compared or hashed (the audit chain).
 * Used at every boundary that takes text from outside (docs/security.md "Malformed text").
 */

// With the `u` flag a surrogate pair is one code point, so only lone surrogates are `Cs`.
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;
const REPLACEMENT = "\uFFFD";

/** True when `value` holds neither NUL nor a lone surrogate. */
export function isWellFormedText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/**
 * `value` with every NUL and lone surrogate replaced by U+FFFD, as a UTF-8 decoder does
 * for bytes it cannot read; well-formed text comes back unchanged.
 */
export function toWellFormedText(value: string): string {
  return isWellFormedText(value)
    ? value
    : value.replace(LONE_SURROGATES, REPLACEMENT).replaceAll("\u0000", REPLACEMENT);
}
