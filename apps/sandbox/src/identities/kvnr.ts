/**
 * The health insurance number (Krankenversichertennummer, unveränderbarer Teil): one
 * capital letter, eight digits and a check digit (GKV-Spitzenverband, "Richtlinien für
 * die Vergabe der Krankenversichertennummer" §4). The letter counts as its two-digit
 * alphabet position; the ten digits are weighted 1,2,1,2,…, products' digit sums added,
 * and the sum modulo 10 is the check digit.
 */
export const KVNR_PATTERN = /^[A-Z][0-9]{9}$/;

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
 * Masks a KVNR for logs (STYLE.md rule 6: never a full KVNR in a log line).
 */
export function maskKvnr(kvnr: string): string {
  return `${kvnr.slice(0, 1)}******${kvnr.slice(-3)}`;
}
