/**
 * The chooser's strings. Both languages implement `ChooserMessages`, so a key
 * missing in one of them is a type error. `{app}` and `{count}` are filled by
 * `format`; the result is escaped by the caller like any other value.
 */
import type { Locale } from "../pages/locale.js";

export interface ChooserMessages {
  documentTitle: string;
  heading: string;
  lead: string;
  searchLabel: string;
  searchPlaceholder: string;
  searchSubmit: string;
  groupGkv: string;
  groupPkv: string;
  resultsOne: string;
  resultsOther: string;
  emptyTitle: string;
  emptyHint: string;
  noIdps: string;
  cancel: string;
  footer: string;
}

const de: ChooserMessages = {
  documentTitle: "Anmelden bei {app}",
  heading: "{app} möchte Sie anmelden",
  lead: "Wählen Sie Ihre Krankenversicherung. Dort bestätigen Sie, wer Sie sind.",
  searchLabel: "Krankenversicherung suchen",
  searchPlaceholder: "z. B. AOK, Techniker, Allianz",
  searchSubmit: "Suchen",
  groupGkv: "Gesetzlich versichert",
  groupPkv: "Privat versichert",
  resultsOne: "1 Krankenversicherung gefunden",
  resultsOther: "{count} Krankenversicherungen gefunden",
  emptyTitle: "Keine Krankenversicherung gefunden.",
  emptyHint: "Prüfen Sie die Schreibweise oder suchen Sie nach einem Teil des Namens.",
  noIdps: "Zurzeit ist keine Krankenversicherung verfügbar. Bitte versuchen Sie es später erneut.",
  cancel: "Abbrechen",
  footer:
    "Sie melden sich bei Ihrer Krankenversicherung an. {app} erhält nur die Daten, denen Sie dort zustimmen.",
};

const en: ChooserMessages = {
  documentTitle: "Sign in to {app}",
  heading: "{app} wants you to sign in",
  lead: "Choose your health insurer. You will confirm who you are there.",
  searchLabel: "Search for your health insurer",
  searchPlaceholder: "e.g. AOK, Techniker, Allianz",
  searchSubmit: "Search",
  groupGkv: "Statutory health insurance",
  groupPkv: "Private health insurance",
  resultsOne: "1 health insurer found",
  resultsOther: "{count} health insurers found",
  emptyTitle: "No health insurer found.",
  emptyHint: "Check the spelling or search for part of the name.",
  noIdps: "No health insurer is available at the moment. Please try again later.",
  cancel: "Cancel",
  footer: "You sign in with your health insurer. {app} only receives the data you agree to there.",
};

export const chooserMessages: Readonly<Record<Locale, ChooserMessages>> = { de, en };

export function format(
  template: string,
  values: Readonly<Record<string, string | number>>,
): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : placeholder,
  );
}
