/**
 * The broker's own reads at a SMART application's FHIR server: the Patient of the person
 * who logged in (a patient app's standalone launch) and the patients a practitioner may
 * pick from. The broker is the FHIR server's authorization server, so it authorizes these
 * reads as it authorizes an app's: a short-lived JWT access token (RFC 9068) for that FHIR
 * base only, with a read-only system scope.
 */
import { randomUUID } from "node:crypto";
import type { Bundle, HumanName, Patient } from "fhir/r4.js";
import { importJWK, SignJWT, type JWK } from "jose";

/** gematik's identifier system of the KVNR (the insurance number) in FHIR. */
export const KVNR_IDENTIFIER_SYSTEM = "http://fhir.de/sid/gkv/kvid-10";

/** How many patients the practitioner's picker lists. */
export const PICKER_PATIENTS = 50;

export interface PatientSummary {
  id: string;
  name: string;
  birthDate?: string;
  gender?: string;
}

export interface FhirLookup {
  /** The Patient with this KVNR, if the FHIR server has exactly one. */
  patientByKvnr(fhirBaseUrl: string, kvnr: string): Promise<PatientSummary | undefined>;
  patients(fhirBaseUrl: string): Promise<PatientSummary[]>;
}

export class FhirLookupError extends Error {}

export function displayName(names: HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === "official") ?? names?.[0];
  if (!name) return "(no name)";
  if (name.text) return name.text;
  return [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter(Boolean).join(" ");
}

function summary(patient: Patient): PatientSummary | undefined {
  if (typeof patient.id !== "string") return undefined;
  return {
    id: patient.id,
    name: displayName(patient.name),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.gender ? { gender: patient.gender } : {}),
  };
}

export function createFhirLookup(options: {
  issuer: string;
  /** The broker's OIDC signing keys, current first (keys/oidc-keys.ts). */
  signingKeys: JWK[];
  timeoutMs?: number;
}): FhirLookup {
  const jwk = options.signingKeys.find((key) => key.alg === "RS256") ?? options.signingKeys[0];
  if (!jwk) throw new Error("no signing key for FHIR lookups");
  const key = importJWK(jwk, jwk.alg ?? "RS256");

  async function systemToken(fhirBaseUrl: string): Promise<string> {
    return new SignJWT({ scope: "system/Patient.rs", client_id: options.issuer })
      .setProtectedHeader({
        alg: jwk!.alg ?? "RS256",
        typ: "at+jwt",
        ...(jwk!.kid ? { kid: jwk!.kid } : {}),
      })
      .setIssuer(options.issuer)
      .setSubject(options.issuer)
      .setAudience(fhirBaseUrl)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime("60s")
      .sign(await key);
  }

  async function search(fhirBaseUrl: string, query: string): Promise<Patient[]> {
    const url = `${fhirBaseUrl.replace(/\/+$/, "")}/Patient?${query}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: "application/fhir+json",
          authorization: `Bearer ${await systemToken(fhirBaseUrl)}`,
        },
        redirect: "error",
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new FhirLookupError(`the FHIR server cannot be reached: ${(error as Error).message}`);
    }
    if (!response.ok) throw new FhirLookupError(`the FHIR server answered ${response.status}`);
    const bundle = (await response.json().catch(() => undefined)) as Bundle | undefined;
    if (bundle?.resourceType !== "Bundle")
      throw new FhirLookupError("the FHIR server sent no Bundle");
    return (bundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter((resource): resource is Patient => resource?.resourceType === "Patient");
  }

  return {
    async patientByKvnr(fhirBaseUrl, kvnr) {
      const found = await search(
        fhirBaseUrl,
        new URLSearchParams({ identifier: `${KVNR_IDENTIFIER_SYSTEM}|${kvnr}` }).toString(),
      );
      return found.length === 1 ? summary(found[0]!) : undefined;
    },
    async patients(fhirBaseUrl) {
      const found = await search(fhirBaseUrl, `_count=${PICKER_PATIENTS}`);
      return found.flatMap((patient) => summary(patient) ?? []);
    },
  };
}
