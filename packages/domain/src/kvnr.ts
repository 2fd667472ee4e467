/**
 * The health insurance number (Krankenversichertennummer, unveränderbarer Teil): one
 * capital letter, eight digits and a check digit (GKV-Spitzenverband, "Richtlinien für
 * die Vergabe der Krankenversichertennummer" §4). The letter counts as its two-digit
 * alphabet position; the ten digits are weighted 1,2,1,2,…, products' digit sums added,
 * and the sum modulo 10 is the check digit.
 */
import type { TelematikClaim, TelematikScope } from "./telematik.js";

/**
 * The scope that releases the KVNR: only applications registered for it may be keyed by
 * the KVNR (DESIGN.md §4, sub mode PERSON).
 */
export const KVNR_SCOPE = "urn:telematik:versicherter" satisfies TelematikScope;

/** The claim that carries the KVNR. */
export const KVNR_CLAIM = "urn:telematik:claims:id" satisfies TelematikClaim;

const KVNR_PATTERN = /^[A-Z][0-9]{9}$/;

/** Anything shaped like a KVNR inside a longer text; the check digit is not verified. */
const KVNR_IN_TEXT = /\b[A-Z]\d{9}\b/g;

export function kvnrCheckDigit(letterAndEightDigits: string): number {
  const letter = letterAndEightDigits.charCodeAt(0) - 64;
  const digits = `${String(letter).padStart(2, "0")}${letterAndEightDigits.slice(1, 9)}`;
  let sum = 0;
  for (const [index, char] of [...digits].entries()) {
    const product = Number(char) * (index % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return sum % 10;
}

export function isValidKvnr(value: string): boolean {
  return KVNR_PATTERN.test(value) && kvnrCheckDigit(value) === Number(value[9]);
}

/**
 * Masks a KVNR for a log line (STYLE.md rule 6: never a full KVNR in a log line). The
 * last digits let a developer tell the sandbox's fictional persons apart.
 */
export function maskKvnr(kvnr: string): string {
  return `${kvnr.slice(0, 1)}******${kvnr.slice(-3)}`;
}

/**
 * Masks everything shaped like a KVNR in a text, keeping only the letter: for what is
 * stored, such as audit details (DESIGN.md §3 "Data minimisation"), where nothing of the
 * number may remain.
 */
export function maskKvnrsIn(text: string): string {
  return text.replace(KVNR_IN_TEXT, (kvnr) => `${kvnr.slice(0, 1)}*********`);
}
