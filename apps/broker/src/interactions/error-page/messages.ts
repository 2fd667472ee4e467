/**
 * Plain-language explanations of the OAuth / OIDC error codes a person can meet
 * on the broker (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, oidc-provider's
 * `invalid_redirect_uri`). Both languages implement the same types, so a code
 * explained in one must be explained in the other.
 */
import type { Locale } from "../pages/locale.js";

export interface ErrorExplanation {
  title: string;
  explanation: string;
}

export const EXPLAINED_ERRORS = [
  "invalid_request",
  "invalid_client",
  "unauthorized_client",
  "access_denied",
  "unsupported_response_type",
  "invalid_scope",
  "server_error",
  "temporarily_unavailable",
  "login_required",
  "interaction_required",
  "consent_required",
  "invalid_request_uri",
  "invalid_redirect_uri",
  "redirect_uri_mismatch",
] as const;
export type ExplainedError = (typeof EXPLAINED_ERRORS)[number];

export interface ErrorPageMessages {
  errors: Record<ExplainedError, ErrorExplanation>;
  fallback: ErrorExplanation;
  backToApp: string;
  closeWindow: string;
  errorCode: string;
  details: string;
}

const contactApp = "Wenn das Problem bleibt, wenden Sie sich bitte an den Anbieter der App.";
const restartInApp = "Bitte starten Sie die Anmeldung in der App erneut.";

const de: ErrorPageMessages = {
  errors: {
    invalid_request: {
      title: "Die Anmeldung konnte nicht fortgesetzt werden",
      explanation: `Die Anfrage der App war unvollständig, fehlerhaft oder ist abgelaufen. ${restartInApp} ${contactApp}`,
    },
    invalid_client: {
      title: "Diese App ist nicht bekannt",
      explanation: `Die App, über die Sie sich anmelden wollten, ist bei uns nicht registriert. ${contactApp}`,
    },
    unauthorized_client: {
      title: "Diese App ist für die Anmeldung nicht freigeschaltet",
      explanation: `Die App darf diese Art der Anmeldung nicht verwenden. ${contactApp}`,
    },
    access_denied: {
      title: "Anmeldung abgebrochen",
      explanation:
        "Die Anmeldung wurde abgebrochen oder nicht bestätigt. Es wurden keine Daten an die App weitergegeben.",
    },
    unsupported_response_type: {
      title: "Die App fragt die Anmeldung falsch an",
      explanation: `Die App verwendet ein Anmeldeverfahren, das wir nicht unterstützen. ${contactApp}`,
    },
    invalid_scope: {
      title: "Die App fragt nach nicht freigegebenen Daten",
      explanation: `Die App hat Daten angefragt, die für sie nicht freigegeben sind. ${contactApp}`,
    },
    server_error: {
      title: "Ein unerwarteter Fehler ist aufgetreten",
      explanation:
        "Bei der Anmeldung ist bei uns ein Fehler aufgetreten. Bitte versuchen Sie es in einigen Minuten erneut.",
    },
    temporarily_unavailable: {
      title: "Die Anmeldung ist gerade nicht möglich",
      explanation:
        "Ihre Krankenversicherung oder unser Dienst ist vorübergehend nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.",
    },
    login_required: {
      title: "Anmeldung erforderlich",
      explanation: `Sie sind nicht angemeldet oder Ihre Anmeldung ist abgelaufen. ${restartInApp}`,
    },
    interaction_required: {
      title: "Ihre Bestätigung ist erforderlich",
      explanation: `Die Anmeldung kann nicht ohne Ihre Mitwirkung abgeschlossen werden. ${restartInApp}`,
    },
    consent_required: {
      title: "Ihre Zustimmung ist erforderlich",
      explanation: `Die App benötigt Ihre Zustimmung zur Weitergabe von Daten. ${restartInApp}`,
    },
    invalid_request_uri: {
      title: "Die Anmeldeanfrage ist abgelaufen",
      explanation: `Die Anfrage der App ist nicht mehr gültig, zum Beispiel weil zu viel Zeit vergangen ist. ${restartInApp}`,
    },
    invalid_redirect_uri: {
      title: "Rückkehr zur App nicht möglich",
      explanation: `Die App hat eine Rücksprungadresse angegeben, die für sie nicht registriert ist. Zu Ihrem Schutz leiten wir Sie nicht dorthin weiter. ${contactApp}`,
    },
    redirect_uri_mismatch: {
      title: "Rückkehr zur App nicht möglich",
      explanation: `Die App hat eine Rücksprungadresse angegeben, die für sie nicht registriert ist. Zu Ihrem Schutz leiten wir Sie nicht dorthin weiter. ${contactApp}`,
    },
  },
  fallback: {
    title: "Die Anmeldung konnte nicht abgeschlossen werden",
    explanation: `Es ist ein Fehler aufgetreten. ${restartInApp} ${contactApp}`,
  },
  backToApp: "Zurück zur App",
  closeWindow: "Sie können dieses Fenster jetzt schließen.",
  errorCode: "Fehlercode",
  details: "Angaben für den Support",
};

const contactAppEn = "If the problem persists, please contact the app's provider.";
const restartInAppEn = "Please start signing in from the app again.";

const en: ErrorPageMessages = {
  errors: {
    invalid_request: {
      title: "Signing in could not continue",
      explanation: `The app's request was incomplete, invalid or has expired. ${restartInAppEn} ${contactAppEn}`,
    },
    invalid_client: {
      title: "This app is not known",
      explanation: `The app you wanted to sign in to is not registered with us. ${contactAppEn}`,
    },
    unauthorized_client: {
      title: "This app is not allowed to sign you in",
      explanation: `The app is not permitted to use this kind of sign-in. ${contactAppEn}`,
    },
    access_denied: {
      title: "Sign-in cancelled",
      explanation: "Signing in was cancelled or not confirmed. No data was passed to the app.",
    },
    unsupported_response_type: {
      title: "The app asked to sign in incorrectly",
      explanation: `The app uses a sign-in method we do not support. ${contactAppEn}`,
    },
    invalid_scope: {
      title: "The app asked for data it may not receive",
      explanation: `The app requested data it has not been approved for. ${contactAppEn}`,
    },
    server_error: {
      title: "Something went wrong",
      explanation:
        "An error occurred on our side while signing you in. Please try again in a few minutes.",
    },
    temporarily_unavailable: {
      title: "Signing in is not possible right now",
      explanation:
        "Your health insurer or our service is temporarily unavailable. Please try again in a few minutes.",
    },
    login_required: {
      title: "Sign-in required",
      explanation: `You are not signed in, or your sign-in has expired. ${restartInAppEn}`,
    },
    interaction_required: {
      title: "Your confirmation is required",
      explanation: `Signing in cannot be completed without you. ${restartInAppEn}`,
    },
    consent_required: {
      title: "Your consent is required",
      explanation: `The app needs your consent to receive data. ${restartInAppEn}`,
    },
    invalid_request_uri: {
      title: "The sign-in request has expired",
      explanation: `The app's request is no longer valid, for example because too much time has passed. ${restartInAppEn}`,
    },
    invalid_redirect_uri: {
      title: "Cannot return to the app",
      explanation: `The app gave a return address that is not registered for it. To protect you, we will not send you there. ${contactAppEn}`,
    },
    redirect_uri_mismatch: {
      title: "Cannot return to the app",
      explanation: `The app gave a return address that is not registered for it. To protect you, we will not send you there. ${contactAppEn}`,
    },
  },
  fallback: {
    title: "Signing in could not be completed",
    explanation: `An error occurred. ${restartInAppEn} ${contactAppEn}`,
  },
  backToApp: "Back to the app",
  closeWindow: "You can close this window now.",
  errorCode: "Error code",
  details: "Details for support",
};

export const errorPageMessages: Readonly<Record<Locale, ErrorPageMessages>> = { de, en };

export function explainError(locale: Locale, error: string): ErrorExplanation {
  const messages = errorPageMessages[locale];
  // Own keys only: an error code such as "constructor" must not reach the prototype.
  return Object.hasOwn(messages.errors, error)
    ? messages.errors[error as ExplainedError]
    : messages.fallback;
}
