/**
 * What the attack battery asserts about every refused call: the exact tRPC code, the field
 * errors a form would show (keyed by path, as the error formatter sends them), and that the
 * database is exactly as before (databaseState).
 */
import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@lotse/db";

export interface Refusal {
  code: string;
  message: string;
  fieldErrors: Record<string, string[]>;
}

/** The refusal a call ends with; fails the test when it succeeds. */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as
      | { issues?: { path: PropertyKey[]; message: string }[]; field?: (string | number)[] }
      | undefined;
    const fieldErrors: Record<string, string[]> = {};
    if (cause?.field) fieldErrors[cause.field.join(".")] = [error.message];
    for (const issue of cause?.issues ?? [])
      (fieldErrors[issue.path.map(String).join(".")] ??= []).push(issue.message);
    return { code: error.code, message: error.message, fieldErrors };
  }
  throw new Error("expected the call to be refused, and it succeeded");
}

/**
 * Every row the portal can write, in a stable order (audit events by their chain position),
 * so `expect(await databaseState(prisma)).toEqual(before)` proves that nothing changed: no
 * record, no secret, no launch, no membership, no audit event.
 */
export async function databaseState(prisma: PrismaClient) {
  const byId = { orderBy: { id: "asc" as const } };
  const [
    users,
    organizations,
    memberships,
    invitations,
    applications,
    apis,
    apiGrants,
    secrets,
    smartLaunches,
    smartContexts,
    upstreamIdps,
    signingKeys,
    auditEvents,
  ] = await Promise.all([
    prisma.user.findMany(byId),
    prisma.organization.findMany(byId),
    prisma.membership.findMany({ orderBy: [{ organizationId: "asc" }, { userId: "asc" }] }),
    prisma.invitation.findMany(byId),
    prisma.application.findMany(byId),
    prisma.api.findMany(byId),
    prisma.applicationApiGrant.findMany({ orderBy: [{ applicationId: "asc" }, { apiId: "asc" }] }),
    prisma.clientSecret.findMany(byId),
    prisma.smartLaunch.findMany(byId),
    prisma.smartContext.findMany({ orderBy: { grantId: "asc" } }),
    prisma.upstreamIdp.findMany(byId),
    prisma.signingKey.findMany(byId),
    prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { id: true, hash: true } }),
  ]);
  return {
    users,
    organizations,
    memberships,
    invitations,
    applications,
    apis,
    apiGrants,
    secrets,
    smartLaunches,
    smartContexts,
    upstreamIdps,
    signingKeys,
    auditEvents,
  };
}
