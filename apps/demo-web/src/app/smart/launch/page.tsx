import type { Metadata } from "next";
import { connection } from "next/server";
import { env } from "../../../env";
import { SmartLaunch } from "./smart-launch";

export const metadata: Metadata = { title: "SMART launch · Lotse demo app" };

/**
 * The registered SMART launch URL. An EHR launch arrives with `iss` and `launch`, a
 * standalone launch with `iss` only; fhirclient reads both from the URL itself.
 */
export default async function SmartLaunchPage() {
  // The client id and the trusted FHIR server come from the environment at request time.
  await connection();
  return (
    <SmartLaunch clientId={env.DEMO_SMART_CLIENT_ID} fhirBaseUrl={env.DEMO_SMART_FHIR_BASE_URL} />
  );
}
