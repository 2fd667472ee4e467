/**
 * Who sees which audit events (DESIGN.md §5): admins all of them, developers those of
 * their organizations' applications. Events are matched by client id, not application
 * id: many broker events (rejections, token requests) know only the client.
 */
import type { Prisma, PrismaClient, UserRole } from "@lotse/db";
import { memberOf } from "../organizations/membership.js";

export interface AuditViewer {
  id: string;
  role: UserRole;
}

/** The client ids the viewer may see, or null for "all" (admins). */
export async function visibleClientIds(
  prisma: PrismaClient,
  viewer: AuditViewer,
): Promise<string[] | null> {
  if (viewer.role === "ADMIN") return null;
  const applications = await prisma.application.findMany({
    where: { organization: memberOf(viewer.id) },
    select: { clientId: true },
  });
  return applications.map((application) => application.clientId);
}

/** The where clause every audit query of this viewer carries. */
export async function auditScope(
  prisma: PrismaClient,
  viewer: AuditViewer,
): Promise<Prisma.AuditEventWhereInput> {
  const clientIds = await visibleClientIds(prisma, viewer);
  // `in: []` matches nothing, which is right for a developer without applications.
  return clientIds === null ? {} : { clientId: { in: clientIds } };
}

/**
 * Whether the viewer sees the end user's client IP and user agent (docs/security.md "Data
 * isolation between organisations"). Both are personal data of the insured person, which
 * admins need to investigate abuse and developers do not need to integrate an application:
 * the services leave them out of everything they return to anyone else.
 */
export const seesEndUserNetwork = (viewer: AuditViewer): boolean => viewer.role === "ADMIN";

/** Applications the viewer may see, for names and registered redirect URIs. */
export const applicationScope = (viewer: AuditViewer): Prisma.ApplicationWhereInput =>
  viewer.role === "ADMIN" ? {} : { organization: memberOf(viewer.id) };
