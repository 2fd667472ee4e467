/** The choices of the audit filter form: the viewer's applications and the upstream IDPs. */
import type { PrismaClient } from "@lotse/db";
import { applicationScope, type AuditViewer } from "./scope.js";

export async function auditFilterOptions(prisma: PrismaClient, viewer: AuditViewer) {
  const [applications, idps] = await Promise.all([
    prisma.application.findMany({
      where: applicationScope(viewer),
      select: { clientId: true, name: true },
      orderBy: { name: "asc" },
    }),
    prisma.upstreamIdp.findMany({
      select: { issuer: true, displayName: true },
      orderBy: { displayName: "asc" },
    }),
  ]);
  return { applications, idps };
}
