import type { Metadata } from "next";
import { connection } from "next/server";
import { env } from "../../../env";
import { SmartApp } from "./smart-app";

export const metadata: Metadata = { title: "SMART app · Lotse demo app" };

/** The SMART app's registered redirect URI: fhirclient completes the launch here. */
export default async function SmartAppPage() {
  await connection();
  return <SmartApp fhirBaseUrl={env.DEMO_SMART_FHIR_BASE_URL} />;
}
