import type { TelematikClaim } from "@lotse/domain";

/** The login page's words, German by default and English when `ui_locales` asks for it. */
export type Locale = "de" | "en";

export const LOGIN_TEXTS = {
  de: {
    title: (org: string) => `Anmelden bei ${org}`,
    requester: (client: string) => `${client} möchte Sie anmelden und bittet um diese Angaben:`,
    clientId: "Kennung des Dienstes",
    chooseIdentity: "Testperson wählen",
    claims: "Angaben, die weitergegeben werden",
    claimsHint: "Entfernen Sie den Haken bei Angaben, die Sie nicht weitergeben möchten.",
    approve: "Anmelden und Angaben freigeben",
    cancel: "Abbrechen",
    noIdentity: "Bitte wählen Sie eine Testperson.",
    sandboxNote: "Simulierter Identity Provider der Lotse-Sandbox. Keine echten Versichertendaten.",
    appBadge: "Authenticator-App",
    returnsTo: (target: string) => `Danach geht es zurück zur App: ${target}`,
  },
  en: {
    title: (org: string) => `Log in with ${org}`,
    requester: (client: string) => `${client} wants to log you in and asks for this information:`,
    clientId: "Service identifier",
    chooseIdentity: "Choose a test person",
    claims: "Information to be shared",
    claimsHint: "Untick anything you do not want to share.",
    approve: "Log in and share",
    cancel: "Cancel",
    noIdentity: "Please choose a test person.",
    sandboxNote: "Simulated identity provider of the Lotse sandbox. No real insured persons' data.",
    appBadge: "Authenticator app",
    returnsTo: (target: string) => `Afterwards you return to the app: ${target}`,
  },
} as const;

/** A label for every claim of the vocabulary, so none shows up unexplained. */
export const CLAIM_LABELS: Record<Locale, Record<string, string>> = {
  de: {
    "urn:telematik:claims:id": "Krankenversichertennummer (KVNR)",
    "urn:telematik:claims:organization_ir_id": "Kennung Ihrer Krankenversicherung",
    "urn:telematik:claims:profession": "Rolle (versicherte Person)",
    "urn:telematik:claims:email": "E-Mail-Adresse",
    "urn:telematik:claims:display_name": "Anzeigename",
    "urn:telematik:claims:given_name": "Vorname",
    "urn:telematik:claims:geburtsdatum": "Geburtsdatum",
    "urn:telematik:claims:geschlecht": "Geschlecht",
    "urn:telematik:claims:alter": "Alter",
  },
  en: {
    "urn:telematik:claims:id": "Health insurance number (KVNR)",
    "urn:telematik:claims:organization_ir_id": "Your insurer's identifier",
    "urn:telematik:claims:profession": "Role (insured person)",
    "urn:telematik:claims:email": "Email address",
    "urn:telematik:claims:display_name": "Display name",
    "urn:telematik:claims:given_name": "Given name",
    "urn:telematik:claims:geburtsdatum": "Date of birth",
    "urn:telematik:claims:geschlecht": "Gender",
    "urn:telematik:claims:alter": "Age",
  },
} satisfies Record<Locale, Record<TelematikClaim, string>>;

/** OIDC Core §3.1.2.1: `ui_locales` is a space-separated preference list. */
export function localeFrom(uiLocales: unknown): Locale {
  if (typeof uiLocales !== "string") return "de";
  for (const tag of uiLocales.split(" ")) {
    const language = tag.toLowerCase().split("-")[0];
    if (language === "de" || language === "en") return language;
  }
  return "de";
}
