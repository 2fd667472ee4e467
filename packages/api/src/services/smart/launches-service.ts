/**
 * The portal's SMART launcher (docs/flows/smart.md), like the SMART Health IT launcher: a
 * developer starts their SMART-enabled app as an EHR would. Ownership as for every
 * application record: only members of its organization (services/organizations/membership.ts).
 */
import type { z } from "zod";
import type { PrismaClient } from "@lotse/db";
import { invalid, notFound } from "../../errors.js";
import {
  isEhrLaunch,
  type createSmartLaunchInput,
  type LauncherDirectoryOutput,
  type SmartLaunchOutput,
} from "../../schemas/smart.js";
import { memberOf } from "../organizations/membership.js";
import { launchHash, newLaunchValue, smartLaunchUrl } from "./launch-url.js";
import { fetchLauncherDirectory } from "./launcher-directory.js";

/** How long a launch value works: enough to debug one launch, short enough to not linger. */
export const LAUNCH_LIFETIME_MS = 60 * 60 * 1000;

type LaunchRequest = z.output<typeof createSmartLaunchInput>;

async function smartApplication(prisma: PrismaClient, userId: string, applicationId: string) {
  const application = await prisma.application.findFirst({
    where: { id: applicationId, organization: memberOf(userId) },
    select: { id: true, smartEnabled: true, smartLaunchUrl: true, smartFhirBaseUrl: true },
  });
  if (!application) throw notFound("Application");
  const { smartEnabled, smartLaunchUrl: launchUrl, smartFhirBaseUrl: fhirBaseUrl } = application;
  if (!smartEnabled || !launchUrl || !fhirBaseUrl)
    throw invalid("SMART is not enabled for this application; turn it on in the settings first.");
  return { id: application.id, launchUrl, fhirBaseUrl };
}

/**
 * An EHR launch stores its context under the sha256 of a fresh launch value and returns the
 * value only inside the URL to open (the database never holds it). A standalone launch has
 * no launch value (SMART 2.2 §2.0.1), so nothing is stored.
 */
export async function createSmartLaunch(
  prisma: PrismaClient,
  userId: string,
  request: LaunchRequest,
  now: Date = new Date(),
): Promise<SmartLaunchOutput> {
  const application = await smartApplication(prisma, userId, request.applicationId);
  const { launchType } = request;
  if (!isEhrLaunch(launchType)) {
    return {
      url: smartLaunchUrl(application.launchUrl, application.fhirBaseUrl),
      launchType,
      expiresAt: null,
    };
  }
  const launch = newLaunchValue();
  const expiresAt = new Date(now.getTime() + LAUNCH_LIFETIME_MS);
  await prisma.smartLaunch.create({
    data: {
      launchHash: launchHash(launch),
      applicationId: application.id,
      fhirBaseUrl: application.fhirBaseUrl,
      launchType,
      patientId: request.patientId ?? null,
      encounterId: request.encounterId ?? null,
      practitionerId: launchType === "EHR_PROVIDER" ? (request.practitionerId ?? null) : null,
      needPatientBanner: request.needPatientBanner,
      simulatedError: request.simulatedError ?? null,
      createdById: userId,
      expiresAt,
      createdAt: now,
    },
  });
  return {
    url: smartLaunchUrl(application.launchUrl, application.fhirBaseUrl, launch),
    launchType,
    expiresAt,
  };
}

/** The pickers' data for this application's FHIR server, where the portal may fetch it. */
export async function getLauncherDirectory(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
  sandboxUrl: string | undefined,
  fetchImpl?: typeof fetch,
): Promise<LauncherDirectoryOutput> {
  const application = await smartApplication(prisma, userId, applicationId);
  return fetchLauncherDirectory(application.fhirBaseUrl, sandboxUrl, fetchImpl);
}
