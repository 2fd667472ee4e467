/**
 * One login as a timeline (the flow inspector): every event of the flow id, and the
 * events that share its grants (token issued, refreshed, revoked), in chain order.
 */
import type { PrismaClient } from "@lotse/db";
import { notFound } from "../../errors.js";
import type { AuditEventView, Explanation } from "../../schemas/audit.js";
import { toView } from "./events.js";
import { explainEvent } from "./explain.js";
import { summarizeEvent } from "./summary.js";
import { applicationScope, auditScope, type AuditViewer } from "./scope.js";

/** A login has a dozen steps; refreshes may add more. Bounded so one flow stays cheap. */
const MAX_STEPS = 500;

export async function getAuditFlow(
  prisma: PrismaClient,
  viewer: AuditViewer,
  flowId: string,
): Promise<{
  flowId: string;
  steps: (AuditEventView & {
    explanation: Explanation | null;
    summary: string | null;
    requestId: string | null;
  })[];
}> {
  const scope = await auditScope(prisma, viewer);
  const own = await prisma.auditEvent.findMany({
    where: { AND: [scope, { flowId }] },
    select: { grantId: true },
    take: MAX_STEPS,
  });
  // Another organization's flow answers like a non-existent one.
  if (own.length === 0) throw notFound("Flow");
  const grantIds = [...new Set(own.flatMap((event) => (event.grantId ? [event.grantId] : [])))];
  const rows = await prisma.auditEvent.findMany({
    where: {
      AND: [
        scope,
        { OR: [{ flowId }, ...(grantIds.length ? [{ grantId: { in: grantIds } }] : [])] },
      ],
    },
    orderBy: { seq: "asc" },
    take: MAX_STEPS,
  });

  const clientIds = [...new Set(rows.flatMap((row) => (row.clientId ? [row.clientId] : [])))];
  const applications = await prisma.application.findMany({
    where: { AND: [applicationScope(viewer), { clientId: { in: clientIds } }] },
    select: { clientId: true, redirectUris: true },
  });
  const redirectUris = new Map(applications.map((app) => [app.clientId, app.redirectUris]));

  const views = rows.map((row) => toView(row, viewer));
  // A launch from the portal's SMART launcher may ask for an error on purpose; only the
  // steps after the broker resolved that launch can be its effect.
  const launchIndex = views.findIndex((view) => view.type === "smart.launch");
  const requested = views[launchIndex]?.details.simulatedError;
  const simulatedError = typeof requested === "string" && requested !== "" ? requested : undefined;

  return {
    flowId,
    steps: views.map((view, index) => ({
      ...view,
      explanation: explainEvent(view, {
        registeredRedirectUris: view.clientId ? redirectUris.get(view.clientId) : undefined,
        simulatedError: index > launchIndex ? simulatedError : undefined,
      }),
      summary: summarizeEvent(view),
      // Written by the broker into the details since issue 17; older events have none.
      requestId: typeof view.details.requestId === "string" ? view.details.requestId : null,
    })),
  };
}
