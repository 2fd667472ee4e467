/**
 * fhirclient's browser API, loaded on demand. Its browser entry touches `window` when it
 * is evaluated, so it is imported inside effects, never while a page renders on the server.
 * Only client components import this module.
 */
import type Client from "fhirclient/lib/Client";
import type { fhirclient } from "fhirclient/lib/types";

export type SmartClient = Client;

async function fhir() {
  const { default: FHIR } = await import("fhirclient");
  const settings = FHIR.oauth2.settings as fhirclient.BrowserFHIRSettings;
  // fhirclient sends a refresh request with only grant_type and refresh_token; a public
  // client has to identify itself with client_id there (RFC 6749 §6, §3.2.1).
  settings.refreshTokenWithClientId = true;
  return FHIR;
}

let launching: Promise<unknown> | undefined;

/**
 * Starts the launch once per page load: React's development mode runs effects twice,
 * and a second authorize would overwrite the first one's state and PKCE verifier.
 */
export function authorizeOnce(options: fhirclient.AuthorizeParams): Promise<unknown> {
  launching ??= fhir().then((FHIR) => FHIR.oauth2.authorize(options));
  return launching;
}

let readying: Promise<Client> | undefined;

/**
 * Completes the launch once per page load: a second ready() with the same code would
 * redeem it twice, and an authorization server revokes the tokens of a reused code
 * (RFC 6749 §4.1.2).
 */
export function readyOnce(): Promise<Client> {
  readying ??= fhir().then((FHIR) => FHIR.oauth2.ready());
  return readying;
}
