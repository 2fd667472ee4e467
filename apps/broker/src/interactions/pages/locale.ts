/**
 * The page language: `ui_locales` (OIDC Core §3.1.2.1, space-separated, in order
 * of preference) wins over the browser's Accept-Language (RFC 9110 §12.5.4, with
 * q-values); German is the default for a German health-ID broker.
 */
export const LOCALES = ["de", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "de";

function toSupported(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : null;
}

function fromUiLocales(uiLocales: string): Locale | null {
  for (const tag of uiLocales.split(/\s+/)) {
    const locale = toSupported(tag);
    if (locale) return locale;
  }
  return null;
}

function fromAcceptLanguage(header: string): Locale | null {
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";").map((piece) => piece.trim());
      let q = 1;
      for (const param of params) {
        const match = /^q\s*=\s*(\S+)$/i.exec(param);
        if (match) q = Number(match[1]);
      }
      return { tag, q, index };
    })
    // q=0 means "not acceptable"; malformed q-values are ignored rather than guessed.
    .filter((range) => range.tag !== "" && Number.isFinite(range.q) && range.q > 0 && range.q <= 1)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === "*") return DEFAULT_LOCALE;
    const locale = toSupported(range.tag);
    if (locale) return locale;
  }
  return null;
}

export function pickLocale(uiLocales?: string | null, acceptLanguage?: string | null): Locale {
  return (
    (uiLocales ? fromUiLocales(uiLocales) : null) ??
    (acceptLanguage ? fromAcceptLanguage(acceptLanguage) : null) ??
    DEFAULT_LOCALE
  );
}
