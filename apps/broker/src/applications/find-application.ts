/**
 * An application's record by client id, through the process's application cache
 * (application-cache.ts): the one read shared by oidc-provider's `Client` (client-adapter.ts)
 * and the login's own checks (login/begin-upstream.ts: the allowed scopes and IDPs), so a
 * brokered login reads its application from the database at most once per change instead of
 * once per step (issue 16). One loader for the one key, so every entry has the same shape.
 * A client id PostgreSQL cannot hold (a NUL, a lone surrogate) names no application, without
 * a query (docs/security.md "Malformed text").
 */
import type { Api, Application, ApplicationApiGrant, PrismaClient } from "@lotse/db";
import { isWellFormedText } from "@lotse/domain";
import type { ApplicationCache } from "./application-cache.js";

export type ApplicationRecord = Application & {
  apiGrants: Array<ApplicationApiGrant & { api: Api }>;
};

/** The application, enabled or not (callers decide), or undefined when there is none. */
export async function findApplication(
  prisma: PrismaClient,
  cache: ApplicationCache,
  clientId: string,
): Promise<ApplicationRecord | undefined> {
  if (!isWellFormedText(clientId)) return undefined;
  return cache.get(`client:${clientId}`, async () => {
    const found = await prisma.application.findUnique({
      where: { clientId },
      include: { apiGrants: { include: { api: true } } },
    });
    return found ?? undefined;
  });
}
