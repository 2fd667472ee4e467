/**
 * The SMART context of a grant (patient, encounter, fhirUser, …). It is decided once, at
 * the end of the login, and read on every token response and access token of the grant:
 * the code's and every refresh's, so a refresh keeps the launch context (SMART 2.2
 * §2.0.10). It lives as long as the grant may (the application's refresh-token lifetime).
 */
import type { Prisma, PrismaClient } from "@lotse/db";

export interface SmartContext {
  fhirBaseUrl: string;
  patient?: string;
  encounter?: string;
  /** Relative reference of the user, e.g. `Practitioner/prac-1`. */
  fhirUser?: string;
  fhirContext: { reference: string }[];
  needPatientBanner: boolean;
  smartStyleUrl?: string;
  /** A launcher-simulated error this grant's requests must run into (SMART_SIMULATED_ERRORS). */
  simulatedError?: string;
}

export interface SmartContextStore {
  save(
    grantId: string,
    applicationId: string,
    context: SmartContext,
    ttlSeconds: number,
  ): Promise<void>;
  load(grantId: string): Promise<SmartContext | undefined>;
}

export function createSmartContextStore(prisma: PrismaClient): SmartContextStore {
  return {
    async save(grantId, applicationId, context, ttlSeconds) {
      const row = {
        applicationId,
        fhirBaseUrl: context.fhirBaseUrl,
        patientId: context.patient ?? null,
        encounterId: context.encounter ?? null,
        fhirUser: context.fhirUser ?? null,
        fhirContext: context.fhirContext as Prisma.InputJsonValue,
        needPatientBanner: context.needPatientBanner,
        smartStyleUrl: context.smartStyleUrl ?? null,
        simulatedError: context.simulatedError ?? null,
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      };
      await prisma.smartContext.upsert({
        where: { grantId },
        create: { grantId, ...row },
        update: row,
      });
    },
    async load(grantId) {
      const row = await prisma.smartContext.findUnique({ where: { grantId } });
      if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
      return {
        fhirBaseUrl: row.fhirBaseUrl,
        ...(row.patientId ? { patient: row.patientId } : {}),
        ...(row.encounterId ? { encounter: row.encounterId } : {}),
        ...(row.fhirUser ? { fhirUser: row.fhirUser } : {}),
        fhirContext: Array.isArray(row.fhirContext)
          ? (row.fhirContext as { reference: string }[])
          : [],
        needPatientBanner: row.needPatientBanner,
        ...(row.smartStyleUrl ? { smartStyleUrl: row.smartStyleUrl } : {}),
        ...(row.simulatedError ? { simulatedError: row.simulatedError } : {}),
      };
    },
  };
}
