/**
 * The sandbox insurers' CIBA rules that do not need oidc-provider: the person's user code
 * and what a binding message or a requesting application's name may look like.
 */
import { timingSafeEqual } from "node:crypto";

/** CIBA Core §7.1 leaves the binding message's length to the OP; 64 fits a phone's notification. */
export const BINDING_MESSAGE_MAX_LENGTH = 64;

/** Long enough for any app's display name, short enough for a phone screen. */
export const REQUESTING_APPLICATION_MAX_LENGTH = 100;

/** Control, format (e.g. bidi overrides), line and paragraph separators: nothing a phone can show as text. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * A test person's CIBA user code (CIBA Core §7.1 `user_code`, "a secret code, such as a
 * password or pin, that is known only to the user"): the last four digits of their KVNR,
 * so a tester can work it out from the identities list.
 */
export function userCodeFor(kvnr: string): string {
  return kvnr.slice(-4);
}

/** Whether a sent `user_code` is the person's; compared in constant time like any secret. */
export function isUserCodeOf(kvnr: string, userCode: string): boolean {
  const expected = Buffer.from(userCodeFor(kvnr));
  const given = Buffer.from(userCode);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Printable text of 1 to `max` characters (code points), not only spaces. */
function isPrintableText(value: string, max: number): boolean {
  const length = [...value].length;
  return length >= 1 && length <= max && value.trim() !== "" && !NOT_PRINTABLE.test(value);
}

/** CIBA Core §7.1: the binding message is shown on both devices, so it must be short, readable text. */
export function isValidBindingMessage(value: string): boolean {
  return isPrintableText(value, BINDING_MESSAGE_MAX_LENGTH);
}

export function isValidRequestingApplication(value: string): boolean {
  return isPrintableText(value, REQUESTING_APPLICATION_MAX_LENGTH);
}
