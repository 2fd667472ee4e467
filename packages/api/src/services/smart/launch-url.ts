/**
 * The URL the launcher opens (SMART 2.2 §2.0.1/§2.0.2): the app's launch URL with `iss`,
 * the FHIR base, and for an EHR launch the opaque `launch` value that the app sends back on
 * authorize. Pure, so it is unit-tested.
 */
import { createHash, randomBytes } from "node:crypto";

export function smartLaunchUrl(launchUrl: string, fhirBaseUrl: string, launch?: string): string {
  // A registered launch URL may carry its own query; iss and launch are appended to it.
  const separator = launchUrl.includes("?") ? "&" : "?";
  const iss = `${launchUrl}${separator}iss=${encodeURIComponent(fhirBaseUrl)}`;
  return launch === undefined ? iss : `${iss}&launch=${encodeURIComponent(launch)}`;
}

/** A new launch value: 32 random bytes, base64url (unguessable, like a client secret). */
export function newLaunchValue(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database holds instead of the value (the broker looks launches up by it). */
export function launchHash(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
