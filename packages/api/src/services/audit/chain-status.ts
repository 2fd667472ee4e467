/** Whether the audit hash chain verifies (DESIGN.md §5). Admins only: it reads every event. */
import type { PrismaClient } from "@lotse/db";
import { verifyAuditChain } from "@lotse/db/audit";

export async function auditChainStatus(prisma: PrismaClient) {
  const report = await verifyAuditChain(prisma);
  return {
    ok: report.ok,
    checked: report.checked,
    ...(report.brokenAt
      ? { brokenAt: { ...report.brokenAt, seq: report.brokenAt.seq.toString() } }
      : {}),
  };
}
