/**
 * Search and order for the IDP chooser. Matching ignores case, diacritics and
 * punctuation (ü = u, ß = ss, "DAK-Gesundheit" = "dak gesundheit"); umlauts
 * typed as "ue" also match ("Suedwest" finds "Südwest"). The inline script of
 * the page folds the typed query with the same rules (see `FOLD_SCRIPT`).
 */
import type { Locale } from "../pages/locale.js";

export interface ChooserIdp {
  issuer: string;
  organizationName: string;
  logoUri?: string | null;
  pkv: boolean;
}

/** Lower case, ß → ss, diacritics removed, punctuation and runs of space → one space. */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The same folding for the browser; keep in step with `foldForSearch`. */
export const FOLD_SCRIPT =
  "function fold(s){return s.toLowerCase().replace(/ß/g,'ss').normalize('NFD')" +
  ".replace(/\\p{M}/gu,'').replace(/[^\\p{L}\\p{N}]+/gu,' ').trim()}";

const UMLAUT_SPELLING: Readonly<Record<string, string>> = { ä: "ae", ö: "oe", ü: "ue" };

/** The folded forms of a name a query may match: with umlauts as base letters and spelled out. */
export function searchForms(name: string): string[] {
  const plain = foldForSearch(name);
  const spelled = foldForSearch(
    name.toLowerCase().replace(/[äöü]/g, (char) => UMLAUT_SPELLING[char] ?? char),
  );
  return spelled === plain ? [plain] : [plain, spelled];
}

export function matchesQuery(name: string, query: string | null | undefined): boolean {
  const folded = foldForSearch(query ?? "");
  if (folded === "") return true;
  return searchForms(name).some((form) => form.includes(folded));
}

/** Statutory (GKV) first, then private (PKV); by name within each, in the page's language. */
export function sortIdps<T extends ChooserIdp>(idps: readonly T[], locale: Locale = "de"): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  return [...idps].sort(
    (a, b) =>
      Number(a.pkv) - Number(b.pkv) ||
      collator.compare(a.organizationName, b.organizationName) ||
      a.issuer.localeCompare(b.issuer),
  );
}

/** The IDPs whose organization name matches `query` (all for an empty query), sorted. */
export function filterIdps<T extends ChooserIdp>(
  idps: readonly T[],
  query?: string | null,
  locale: Locale = "de",
): T[] {
  return sortIdps(
    idps.filter((idp) => matchesQuery(idp.organizationName, query)),
    locale,
  );
}

/** A stable, readable id fragment for tests: "AOK Nordost" → "aok-nordost". */
export function slugify(name: string): string {
  return foldForSearch(name).replace(/ /g, "-") || "idp";
}
