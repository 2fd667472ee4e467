/**
 * The patient picker of a SMART standalone launch (SMART App Launch 2.2 §2.0.6): after
 * the practitioner's login, the app asked for `launch/patient` and no EHR gave one, so
 * the practitioner picks the patient the app will work with. One POST form with a button
 * per patient, styled like the IDP chooser.
 */
import { escapeHtml, html, trusted } from "@lotse/server/html";
import type { PatientSummary } from "../../smart/fhir-lookup.js";
import type { Locale } from "../pages/locale.js";
import { pageHead } from "../pages/page-head.js";
import { BASE_CSS, CHOOSER_CSS } from "../pages/page-styles.js";

const MESSAGES = {
  de: {
    title: "Patient wählen",
    heading: "Für welche Patientin oder welchen Patienten öffnen Sie {app}?",
    lead: "Die App erhält nur die Daten der gewählten Person.",
    born: "geboren",
    cancel: "Abbrechen",
  },
  en: {
    title: "Choose a patient",
    heading: "Which patient do you open {app} for?",
    lead: "The app receives the data of the chosen patient only.",
    born: "born",
    cancel: "Cancel",
  },
} as const;

export interface PatientPickerInput {
  locale: Locale;
  applicationName: string;
  patients: readonly PatientSummary[];
  formAction: string;
  cspNonce: string;
}

export function renderPatientPicker(input: PatientPickerInput): string {
  const messages = MESSAGES[input.locale];
  const heading = messages.heading.replace("{app}", input.applicationName);
  const n = escapeHtml(input.cspNonce);
  const assets = trusted(`<style nonce="${n}">${BASE_CSS}${CHOOSER_CSS}</style>`);
  const buttons = input.patients.map(
    (patient) =>
      html`<li>
        <button
          type="submit"
          class="idp"
          name="patient"
          value="${patient.id}"
          data-testid="patient-${patient.id}"
        >
          <span class="idp-name"
            >${patient.name}${
              patient.birthDate
                ? html`<br /><small>${messages.born} ${patient.birthDate}</small>`
                : ""
            }</span
          >
        </button>
      </li>`,
  );
  return html`<!doctype html>
    <html lang="${input.locale}">
      <head>
        ${pageHead(messages.title, assets)}
      </head>
      <body>
        <main class="page" data-testid="patient-picker">
          <div class="card">
            <header class="app">
              <div>
                <h1>${heading}</h1>
                <p class="lead">${messages.lead}</p>
              </div>
            </header>
            <form method="post" action="${input.formAction}">
              <ul class="idps" role="list">
                ${buttons}
              </ul>
              <div class="actions">
                <button
                  type="submit"
                  class="button"
                  name="cancel"
                  value="1"
                  data-testid="patient-picker-cancel"
                >
                  ${messages.cancel}
                </button>
              </div>
            </form>
          </div>
        </main>
      </body>
    </html>`.value;
}
